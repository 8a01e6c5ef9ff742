// The interactive islands a chapter can embed. The lab's islands and the quiz's client code are
// loaded lazily (next/dynamic, server-rendered), so only the chapters that use them fetch their
// code (components/mdx/lazy-islands.tsx, components/quiz/quiz-client-lazy.tsx).
import { LazyJwtInspector, LazySessionLab, LazyStateSorter } from "./lazy-islands";

export { QuizIsland } from "@/components/quiz/quiz-island";
export const SessionLabIsland = () => <LazySessionLab />;
export const StateSorterIsland = () => <LazyStateSorter />;
export const JwtInspectorIsland = () => <LazyJwtInspector />;
