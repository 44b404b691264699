/** The public site's breadcrumb trail (当前位置): linked ancestors, then the current page. */
export function Crumbs({ trail, current }: { trail: { href: string; label: string }[]; current: string }) {
  return (
    <nav aria-label="当前位置" className="crumbs">
      <ol>
        {trail.map((c) => (
          <li key={`${c.href}|${c.label}`}>
            <a href={c.href}>{c.label}</a>
          </li>
        ))}
        <li aria-current="page">{current}</li>
      </ol>
    </nav>
  );
}
