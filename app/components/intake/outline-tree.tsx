import type { DocumentPart, OutlineNode } from "~/domain/analysis/types";

/** The heading tree of each part (cover notice, attached documents), collapsible per heading. */
export function OutlineParts({ parts }: { parts: DocumentPart[] }) {
  if (parts.every((p) => p.outline.length === 0)) {
    return <p className="muted">没有识别到“一、（一）1.（1）”形式的标题层级。保存后仍可在解读材料中按正文编写。</p>;
  }
  return (
    <div className="outline-parts">
      {parts.map((part, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: parts are a fixed list and titles may repeat
        <section key={`${i}-${part.title}`} aria-label={part.title || `第 ${i + 1} 部分`}>
          <h3>{part.title || (i === 0 ? "通知正文" : `附件 ${i}`)}</h3>
          {part.outline.length ? <OutlineTree nodes={part.outline} /> : <p className="muted">（无标题层级）</p>}
        </section>
      ))}
    </div>
  );
}

function OutlineTree({ nodes }: { nodes: OutlineNode[] }) {
  return (
    <ul className="outline-tree">
      {nodes.map((node) => (
        <OutlineItem key={`${node.start}-${node.marker}`} node={node} />
      ))}
    </ul>
  );
}

function OutlineItem({ node }: { node: OutlineNode }) {
  const label = (
    <>
      <span className="outline-marker">{node.marker}</span>
      {node.title}
    </>
  );
  if (node.children.length === 0) return <li>{label}</li>;
  return (
    <li>
      <details open={node.level <= 1}>
        <summary>
          {label} <span className="muted">（{node.children.length} 项）</span>
        </summary>
        <OutlineTree nodes={node.children} />
      </details>
    </li>
  );
}
