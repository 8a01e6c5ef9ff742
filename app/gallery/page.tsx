import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CopyButton } from "@/components/authoring/copy-button";
import { mdxComponentsFor } from "@/components/mdx/mdx-components";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getCatalog, type Catalog } from "@/lib/content/load";
import { propRows } from "@/lib/content/props";
import { ComponentRegistry, componentNames, type ComponentName } from "@/lib/content/registry";
import { loadMdxSnippet } from "@/lib/content/render";

export const metadata: Metadata = { title: "Components gallery", robots: { index: false, follow: false } };
// Who may see it depends on the signed-in user; never prerendered.
export const dynamic = "force-dynamic";

/** Authors see the gallery in `npm run dev`; on a deployment only instructors and admins do (everyone else: 404). */
async function mayView(): Promise<boolean> {
  if (process.env.NODE_ENV === "development") return true;
  const user = await getCurrentUser();
  return user?.role === "admin" || user?.role === "instructor";
}

/** Components such as <UpNext> and <Quiz> render relative to a chapter: use the first one in the content. */
function sampleChapter(catalog: Catalog) {
  for (const course of catalog.courses)
    for (const mod of course.modules) {
      const chapter = mod.chapters[0];
      if (chapter) return { course, mod, chapter };
    }
  return undefined;
}

/** The example as shown and rendered; a quiz example uses a quiz that exists in this content folder. */
function exampleFor(name: ComponentName, catalog: Catalog): { source: string; renderable: boolean; note?: string } {
  const source: string = ComponentRegistry[name].example;
  if (name !== "Quiz") return { source, renderable: true };
  const ids = catalog.courses.flatMap((c) => c.modules.flatMap((m) => (m.quiz ? [m.quiz.quiz.id] : [])));
  const wanted = /id="([^"]+)"/.exec(source)?.[1];
  if (wanted && ids.includes(wanted)) return { source, renderable: true };
  const first = ids[0];
  if (!first) return { source, renderable: false, note: "There is no quiz.yaml in this content folder, so there is nothing to show." };
  return { source: source.replace(/id="[^"]*"/, `id="${first}"`), renderable: true };
}

/** Descriptions may quote code in `backticks`. */
function Text({ children }: { children: string }) {
  return <>{children.split(/`([^`]+)`/).map((part, i) => (i % 2 ? <code key={i}>{part}</code> : part))}</>;
}

export default async function GalleryPage() {
  if (!(await mayView())) notFound();
  const catalog = getCatalog();
  const ctx = sampleChapter(catalog);
  // The gallery renders each example once; the chapter wrapper (live preview) is not needed here.
  const { wrapper: _wrapper, ...components } = ctx ? mdxComponentsFor(ctx) : { wrapper: undefined };
  const entries = await Promise.all(
    componentNames.map(async (name) => {
      const example = exampleFor(name, catalog);
      const Content = ctx && example.renderable ? await loadMdxSnippet(example.source, name) : undefined;
      return { name, entry: ComponentRegistry[name], rows: propRows(name), example, Content };
    }),
  );

  return (
    <main className="page page--wide gallery">
      <p className="eyebrow">For authors</p>
      <h1>Components gallery</h1>
      <p className="lead">
        Every component a chapter can use, rendered live. Copy an example into an <code>.mdx</code> chapter; the props
        are checked by <code>npm run content:check</code> against the same definitions this page is built from.
      </p>
      <p className="small muted">
        How to write chapters, quizzes and lab scenarios: <code>docs/authoring.md</code> in the repository.
        {process.env.NODE_ENV === "development"
          ? " You see this page because the site runs in development mode."
          : " Visible to instructors and admins."}
      </p>
      <nav aria-label="Components" className="gallery__index">
        <ul role="list">
          {entries.map(({ name }) => (
            <li key={name}>
              <Link href={`#${name.toLowerCase()}`}>
                <code>{`<${name}>`}</code>
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      {entries.map(({ name, entry, rows, example, Content }) => {
        const codeId = `example-${name.toLowerCase()}`;
        return (
          <section key={name} id={name.toLowerCase()} className="gallery__item card" aria-labelledby={`${name.toLowerCase()}-title`}>
            <h2 id={`${name.toLowerCase()}-title`} className="gallery__name">
              <code>{`<${name}>`}</code>
            </h2>
            <p>
              <Text>{entry.description}</Text>
            </p>
            <p className="small muted">{entry.children ? "Takes children: write Markdown between the opening and closing tags." : "Self-closing: takes no children."}</p>

            <h3 className="gallery__label">Props</h3>
            {rows.length === 0 ? (
              <p className="small">No props.</p>
            ) : (
              <div className="table-scroll" role="region" aria-label={`Props of ${name}`} tabIndex={0}>
                <table className="gallery__props">
                  <thead>
                    <tr>
                      <th scope="col">Prop</th>
                      <th scope="col">Type</th>
                      <th scope="col">Required</th>
                      <th scope="col">Default</th>
                      <th scope="col">What it does</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={r.name}>
                        <th scope="row">
                          <code>{r.name}</code>
                        </th>
                        <td>
                          <code>{r.type}</code>
                        </td>
                        <td>{r.required ? "yes" : "no"}</td>
                        <td>{r.default ? <code>{r.default}</code> : "—"}</td>
                        <td>
                          <Text>{r.description ?? ""}</Text>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}

            <h3 className="gallery__label">Example</h3>
            <div className="gallery__code">
              <pre tabIndex={0} aria-label={`Example of ${name}`}>
                <code id={codeId}>{example.source}</code>
              </pre>
              <div className="gallery__copy">
                <CopyButton text={example.source} label={`Copy the ${name} example`} targetId={codeId} />
              </div>
            </div>

            <h3 className="gallery__label">Rendered</h3>
            <div className="gallery__preview prose" data-component={name}>
              {Content ? <Content components={components} /> : <p className="muted">{example.note ?? "There is no chapter in this content folder to render it in."}</p>}
            </div>
          </section>
        );
      })}
    </main>
  );
}
