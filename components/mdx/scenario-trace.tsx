export function ScenarioTrace(props: { strategy: string; actions: string; expect: string; caption?: string; servers?: number }) {
  return <div className="card placeholder">{props.caption}</div>;
}
