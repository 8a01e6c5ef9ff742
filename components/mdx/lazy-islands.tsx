"use client";

/**
 * The lab's islands, each in a chunk of its own. All chapters are one route, and the App Router
 * puts every client component a route's server modules import into that route's entry chunks: a
 * static import here would make every chapter download the lab (bench/RESULTS.md, issue 9).
 * `next/dynamic` (server rendering on) keeps the HTML in the first response, and the browser
 * fetches an island's chunk only on a chapter that renders it.
 */
import dynamic from "next/dynamic";

export const LazySessionLab = dynamic(() => import("@/components/lab/session-lab").then((m) => m.SessionLab));
export const LazyStateSorter = dynamic(() => import("@/components/lab/state-sorter").then((m) => m.StateSorter));
export const LazyJwtInspector = dynamic(() => import("@/components/lab/jwt-inspector").then((m) => m.JwtInspector));

/** `next dev` only (the authors' live preview): lazy so that production chapters do not carry its code. */
export const LazyLiveReload = dynamic(() => import("@/components/authoring/live-reload").then((m) => m.LiveReload));
