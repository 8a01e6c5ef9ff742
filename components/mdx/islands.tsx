// Placeholders until the interactive islands land; each renders a clear, accessible box.
export function SessionLabIsland() {
  return <div className="card placeholder">The session lab is loading…</div>;
}
export function StateSorterIsland() {
  return <div className="card placeholder">The state sorter is loading…</div>;
}
export function JwtInspectorIsland() {
  return <div className="card placeholder">The JWT inspector is loading…</div>;
}
export { QuizIsland } from "@/components/quiz/quiz-island";
