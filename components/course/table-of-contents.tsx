import type { Heading } from "@/lib/content/compile";

export function TableOfContents({ headings, variant }: { headings: Heading[]; variant: "desktop" | "mobile" }) {
  const list = (
    <ol role="list" className="toc__list">
      {headings.map((h) => (
        <li key={h.id} className={h.depth === 3 ? "toc__sub" : undefined}>
          <a href={`#${h.id}`}>{h.text}</a>
        </li>
      ))}
    </ol>
  );
  if (variant === "mobile")
    return (
      <details className="toc toc--mobile">
        <summary>On this page</summary>
        <nav aria-label="On this page (compact)">{list}</nav>
      </details>
    );
  return (
    <nav aria-labelledby="toc-title" className="toc">
      <p id="toc-title" className="toc__title">
        On this page
      </p>
      {list}
    </nav>
  );
}
