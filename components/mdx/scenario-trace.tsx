import { ContentError } from "@/lib/content/problems";
import { describeAction, parseScenario, runScenario, type ScenarioSpec } from "@/lib/content/scenario";
import type { SimStep } from "@/lib/sim";

const LANE: Record<ScenarioSpec["strategy"], string> = {
  memory: "In-memory sessions",
  sticky: "Sticky sessions",
  store: "Shared session store",
  jwt: "Signed JWT",
};

function Outcome({ step }: { step: SimStep }) {
  if (step.status === null) return <span className="trace__world">{step.message}</span>;
  const kind = step.status === 200 ? "ok" : "bad";
  return (
    <span className={`trace__status trace__status--${kind}`}>
      <span aria-hidden="true">{kind === "ok" ? "✓" : "✗"}</span> {step.status} · {step.message}
    </span>
  );
}

/**
 * A scenario replayed by the lab's engine when the page is built. If the author's `expect`
 * disagrees with the engine, the build fails (the content checker reports the same).
 */
export function ScenarioTrace(props: ScenarioSpec & { caption?: string }) {
  const parsed = parseScenario(props);
  if (!parsed.ok) throw new ContentError([{ file: "<ScenarioTrace>", line: 1, column: 1, message: parsed.error, hint: parsed.hint }]);
  const { steps, mismatches } = runScenario(props, parsed);
  if (mismatches.length)
    throw new ContentError(
      mismatches.map((m) => ({ file: "<ScenarioTrace>", line: 1, column: 1, message: `step ${m.index + 1}: expected ${m.expected ?? "-"}, engine gives ${m.actual ?? "-"}` })),
    );
  let requestNo = 0;
  const failures = steps.filter((s) => s.status !== null && s.status !== 200).length;
  const requests = steps.filter((s) => s.status !== null).length;
  return (
    <figure className="trace">
      <div className="table-scroll" role="region" aria-label={`Scenario: ${LANE[props.strategy]}`} tabIndex={0}>
        <table>
          <caption>
            <span className="trace__lane">{LANE[props.strategy]}</span>, {props.servers ?? 3} servers · {requests - failures} of {requests} requests
            succeed
          </caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Action</th>
              <th scope="col">Served by</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {steps.map((s) => (
              <tr key={s.index} className={s.status === null ? "trace__row--world" : undefined}>
                <td>{s.status === null ? "" : ++requestNo}</td>
                <td>
                  <code>{describeAction(s.action)}</code>
                </td>
                <td>{s.servedBy ?? (s.status === null ? "" : "none")}</td>
                <td>
                  <Outcome step={s} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.caption && <figcaption>{props.caption}</figcaption>}
    </figure>
  );
}
