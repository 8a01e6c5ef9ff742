"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

/**
 * Authors' live preview (mounted in development only): listens to /api/dev/content-events and
 * re-renders the open page when a file under content/ changes: no restart, no reload, scroll kept.
 * When the checker finds problems, they are listed in a panel instead (file:line:column), and the
 * page keeps showing the last good version until they are fixed.
 */
export function LiveReload() {
  const router = useRouter();
  const [problems, setProblems] = useState<string[]>([]);
  const [hidden, setHidden] = useState(false);

  useEffect(() => {
    const events = new EventSource("/api/dev/content-events");
    let lost = false;
    events.addEventListener("change", (e) => {
      const { problems: found, added } = JSON.parse((e as MessageEvent<string>).data) as { problems: string[]; added: string[] };
      setProblems(found);
      setHidden(false);
      // `next dev` serves a page that did not exist when it last listed the pages (a new chapter) as a
      // 404 once, then refreshes its list: ask for new pages now so the author's first visit works.
      for (const href of added) void fetch(href, { cache: "no-store" }).catch(() => {});
      if (found.length === 0) router.refresh();
    });
    // After the dev server restarts, the stream reconnects: catch up with what changed meanwhile.
    const root = document.documentElement;
    events.addEventListener("ready", () => {
      if (lost) router.refresh();
      lost = false;
      root.dataset.livePreview = "connected"; // for authors' devtools and the e2e test
    });
    events.addEventListener("error", () => {
      lost = true;
      delete root.dataset.livePreview;
    });
    return () => {
      events.close();
      delete root.dataset.livePreview;
    };
  }, [router]);

  if (problems.length === 0 || hidden) return null;
  return (
    <section className="live-problems" role="status" aria-labelledby="live-problems-title">
      <div className="live-problems__head">
        <h2 id="live-problems-title" className="live-problems__title">
          {problems.length} content problem{problems.length === 1 ? "" : "s"}: the page shows the last good version
        </h2>
        <button type="button" className="button live-problems__hide" onClick={() => setHidden(true)}>
          Hide
        </button>
      </div>
      <pre className="live-problems__list">{problems.join("\n")}</pre>
    </section>
  );
}
