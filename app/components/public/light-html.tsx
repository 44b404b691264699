import type { LightNode } from "~/domain/public/light-html";

function Nodes({ nodes }: { nodes: LightNode[] }) {
  return (
    <>
      {nodes.map((n, i) => {
        // biome-ignore lint/suspicious/noArrayIndexKey: static content, positional
        if (n.kind === "text") return <span key={i}>{n.text}</span>;
        const children = <Nodes nodes={n.children} />;
        switch (n.tag) {
          case "p":
            return <p key={i}>{children}</p>;
          case "strong":
            return <strong key={i}>{children}</strong>;
          case "em":
            return <em key={i}>{children}</em>;
          case "ul":
            return <ul key={i}>{children}</ul>;
          case "ol":
            return <ol key={i}>{children}</ol>;
          case "li":
            return <li key={i}>{children}</li>;
          case "br":
            return <br key={i} />;
          case "a":
            return n.href ? (
              <a key={i} href={n.href} rel="noopener noreferrer">
                {children}
              </a>
            ) : (
              <span key={i}>{children}</span>
            );
        }
      })}
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
