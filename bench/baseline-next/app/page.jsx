// The chapter's MDX, compiled by prepare.ts (a plain MDX -> JSX module, as @next/mdx would produce).
import Chapter from "./chapter.generated.jsx";

export const dynamic = "force-static";

export default function Page() {
  return (
    <main>
      <article>
        <Chapter />
      </article>
    </main>
  );
}
