import type { MDXComponents } from "mdx/types";
import Link from "next/link";
import type { ComponentProps, ReactNode } from "react";
import type { ChapterRef, CourseEntry, ModuleEntry } from "@/lib/content/load";
import type { ComponentName } from "@/lib/content/registry";
import { Callout } from "./callout";
import { JwtInspectorIsland, QuizIsland, SessionLabIsland, StateSorterIsland } from "./islands";
import { LazyLiveReload } from "./lazy-islands";
import { ScenarioTrace } from "./scenario-trace";
import { UpNext } from "./up-next";

function Anchor({ href = "", children, ...rest }: ComponentProps<"a">) {
  // Other pages of the site go through the client router; a same-page #fragment (every heading's
  // anchor) needs no router, and a plain <a> keeps a client reference per heading out of the page.
  if (href.startsWith("#")) return <a href={href} {...rest}>{children}</a>;
  if (href.startsWith("/"))
    return (
      <Link href={href} {...rest}>
        {children}
      </Link>
    );
  return (
    <a href={href} rel="noopener noreferrer" {...rest}>
      {children}
    </a>
  );
}

function Table(props: ComponentProps<"table">) {
  // Wide tables scroll on their own on a phone instead of widening the page.
  return (
    <div className="table-scroll" role="region" aria-label="Table" tabIndex={0}>
      <table {...props} />
    </div>
  );
}

/**
 * Markdown images. The pipeline has already checked the file and embedded it (a data: URL,
 * see lib/content/compile.ts), so this only adds lazy decoding and keeps it inside the column.
 */
function Image({ alt = "", ...rest }: ComponentProps<"img">) {
  return <img alt={alt} loading="lazy" decoding="async" className="prose-image" {...rest} />;
}

/** Wraps every chapter; in `next dev` it adds the authors' live preview (edits show without a reload). */
function ChapterWrapper({ children }: { children?: ReactNode }) {
  return (
    <>
      {children}
      {process.env.NODE_ENV === "development" && <LazyLiveReload />}
    </>
  );
}

export interface ChapterContext {
  course: CourseEntry;
  mod: ModuleEntry;
  chapter: ChapterRef;
}

/** The components a chapter can use, bound to the chapter they render in. */
export function mdxComponentsFor(ctx: ChapterContext): MDXComponents & Record<ComponentName, (p: never) => ReactNode> {
  return {
    wrapper: ChapterWrapper,
    a: Anchor,
    img: Image,
    table: Table,
    Callout,
    ScenarioTrace,
    SessionLab: SessionLabIsland,
    StateSorter: StateSorterIsland,
    JwtInspector: JwtInspectorIsland,
    Quiz: QuizIsland,
    UpNext: () => <UpNext course={ctx.course} mod={ctx.mod} />,
  };
}
