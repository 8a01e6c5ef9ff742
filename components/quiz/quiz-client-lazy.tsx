"use client";

/**
 * The quiz's client code in a chunk of its own, fetched only on a chapter that has a quiz (see
 * components/mdx/lazy-islands.tsx). Server rendering stays on; the props are the public quiz only.
 */
import dynamic from "next/dynamic";

export const QuizClientLazy = dynamic(() => import("./quiz-client").then((m) => m.QuizClient));
