// The interactive islands a chapter can embed. Each is a client component; the lab's code is
// only loaded by the chapters that use it.
export { JwtInspector as JwtInspectorIsland } from "@/components/lab/jwt-inspector";
export { SessionLab as SessionLabIsland } from "@/components/lab/session-lab";
export { StateSorter as StateSorterIsland } from "@/components/lab/state-sorter";
export { QuizIsland } from "@/components/quiz/quiz-island";
