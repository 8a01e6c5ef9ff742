import "server-only";
import { checkContent } from "./check";
import "./checks";
import { contentFingerprint, contentRoot, scanContent, type Catalog } from "./load";
import { formatProblem } from "./problems";

/** What the dev server tells open pages after the content folder changed. */
export interface ContentChange {
  /** Every problem the checker finds, formatted as `file:line:column: message` (empty when the content is fine). */
  problems: string[];
  /** Pages that did not exist before this change (a new chapter, module or course). */
  added: string[];
}
type Listener = (change: ContentChange) => void;

interface Watcher {
  listeners: Set<Listener>;
  timer?: ReturnType<typeof setInterval>;
  last: string;
  /** A fingerprint seen once: the check waits until it holds for a whole interval (a save in progress). */
  pending?: string;
  /** The site's page addresses at the last check, to tell which pages a change added. */
  pages: Set<string>;
  running: boolean;
  again: boolean;
}

// On globalThis so that a dev reload of this module does not leave a second poller running.
const g = globalThis as typeof globalThis & { __lecternContentWatcher?: Watcher };

/**
 * Development only: calls `listener` after anything under the content folder changes, with the
 * checker's verdict. Polls a cheap fingerprint (names, sizes, mtimes) a few times a second: it sees
 * editors' atomic saves, new and deleted files, and works on any file system. Returns `unsubscribe`.
 */
export function subscribeToContent(listener: Listener, intervalMs = 200): () => void {
  const w = (g.__lecternContentWatcher ??= { listeners: new Set(), last: "", pages: new Set(), running: false, again: false });
  w.listeners.add(listener);
  if (!w.timer) {
    w.last = contentFingerprint(contentRoot());
    w.pages = pagesOf(scanContent(contentRoot(), { drafts: true }));
    w.timer = setInterval(() => {
      const now = contentFingerprint(contentRoot());
      if (now === w.last) return;
      if (now !== w.pending) {
        w.pending = now; // still being written? look again next tick
        return;
      }
      w.last = now;
      w.pending = undefined;
      void verify(w);
    }, intervalMs);
    w.timer.unref?.();
  }
  return () => {
    w.listeners.delete(listener);
    if (w.listeners.size === 0 && w.timer) {
      clearInterval(w.timer);
      w.timer = undefined;
    }
  };
}

/** Runs the checker once per burst of changes (an edit that lands mid-check triggers one more run). */
async function verify(w: Watcher) {
  if (w.running) {
    w.again = true;
    return;
  }
  w.running = true;
  try {
    do {
      w.again = false;
      let change: ContentChange;
      try {
        const { problems, catalog } = await checkContent(contentRoot());
        const pages = pagesOf(catalog);
        change = { problems: problems.map(formatProblem), added: [...pages].filter((p) => !w.pages.has(p)) };
        w.pages = pages;
      } catch (error) {
        change = { problems: [`the checker failed: ${(error as Error).message}`], added: [] };
      }
      for (const l of w.listeners) l(change);
    } while (w.again);
  } finally {
    w.running = false;
  }
}

function pagesOf(catalog: Catalog): Set<string> {
  const pages = new Set<string>();
  for (const course of catalog.courses) {
    pages.add(course.href);
    for (const mod of course.modules) {
      pages.add(mod.href);
      for (const ch of mod.chapters) pages.add(ch.href);
    }
  }
  return pages;
}
