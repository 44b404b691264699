import type { LightNode } from "~/domain/public/light-html";

function NodeView({ node }: { node: LightNode }) {
  if (node.kind === "text") return <>{node.text}</>;
  const children = <Nodes nodes={node.children} />;
  switch (node.tag) {
    case "p":
      return <p>{children}</p>;
    case "strong":
      return <strong>{children}</strong>;
    case "em":
      return <em>{children}</em>;
    case "ul":
      return <ul>{children}</ul>;
    case "ol":
      return <ol>{children}</ol>;
    case "li":
      return <li>{children}</li>;
    case "br":
      return <br />;
    default:
      return node.href ? (
        <a href={node.href} rel="noopener noreferrer">
          {children}
        </a>
      ) : (
        <span>{children}</span>
      );
  }
}

function Nodes({ nodes }: { nodes: LightNode[] }) {
  return (
    <>
      {nodes.map((n, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static content, positional
        <NodeView key={i} node={n} />
      ))}
    </>
  );
}

/**
 * Untrusted light HTML rendered through the allow-list (never dangerouslySetInnerHTML). Loaders
 * send the parsed tree (`parseLightHtml` on the server), so the raw string never reaches the page.
 */
export function LightHtml({ nodes }: { nodes: LightNode[] }) {
  const hasBlocks = nodes.some((n) => n.kind === "element" && (n.tag === "p" || n.tag === "ul" || n.tag === "ol"));
  if (hasBlocks) return <Nodes nodes={nodes} />;
  const text = nodes.every((n) => n.kind === "text") ? nodes.map((n) => (n.kind === "text" ? n.text : "")).join("") : null;
  if (text !== null) {
    return (
      <>
        {text
          .split(/\n+/)
          .filter((l) => l.trim())
          .map((l, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of static text
            <p key={i}>{l.trim()}</p>
          ))}
      </>
    );
  }
  return (
    <p>
      <Nodes nodes={nodes} />
    </p>
  );
}
