"use client";

import { Icon } from "./icons";
import { LANE_KEYS, LANE_TITLE, OUTCOME_WORDS, type LaneKey, type OutcomeKind } from "./model";

export type Picks = Partial<Record<LaneKey, OutcomeKind>>;
const KINDS: readonly OutcomeKind[] = ["ok", "out", "none"];

export function PredictPanel({
  id,
  requestNo,
  context,
  picks,
  onPick,
  hint,
}: {
  id: string;
  requestNo: number;
  context: string;
  picks: Picks;
  onPick: (lane: LaneKey, kind: OutcomeKind) => void;
  hint: boolean;
}) {
  return (
    <div className="sl-predict" role="group" aria-labelledby={`${id}-title`} aria-describedby={hint ? `${id}-hint` : undefined}>
      <p id={`${id}-title`} className="sl-predict__title">
        <strong>Predict request {requestNo}.</strong> {context} What will each lane answer?
      </p>
      <div className="sl-predict__lanes">
        {LANE_KEYS.map((lane) => (
          <fieldset key={lane} className="sl-predict__lane" data-lane={lane}>
            <legend>{LANE_TITLE[lane]}</legend>
            {KINDS.map((k) => (
              <label key={k} className="sl-choice">
                <input type="radio" name={`${id}-${lane}`} value={k} checked={picks[lane] === k} onChange={() => onPick(lane, k)} />
                <span>{OUTCOME_WORDS[k]}</span>
              </label>
            ))}
          </fieldset>
        ))}
      </div>
      {hint && (
        <p id={`${id}-hint`} className="sl-predict__hint">
          Pick an answer for every lane, then press Send next request (or turn off Predict first).
        </p>
      )}
    </div>
  );
}

export interface Verdict {
  requestNo: number;
  rows: { lane: LaneKey; picked: OutcomeKind; actual: OutcomeKind }[];
}

export function verdictSummary(v: Verdict): string {
  const right = v.rows.filter((r) => r.picked === r.actual).length;
  return `Your predictions for request ${v.requestNo}: ${right} of ${v.rows.length} right.`;
}

export function VerdictPanel({ verdict }: { verdict: Verdict }) {
  return (
    <div className="sl-verdict">
      <p className="sl-verdict__title">
        <strong>{verdictSummary(verdict)}</strong>
      </p>
      <ul className="sl-verdict__list">
        {verdict.rows.map((r) => {
          const right = r.picked === r.actual;
          return (
            <li key={r.lane} className={right ? "sl-verdict--right" : "sl-verdict--wrong"}>
              <Icon name={right ? "ok" : "bad"} />
              <span>
                <strong>{right ? "Right" : "Not quite"}</strong> · {LANE_TITLE[r.lane]}: you said {OUTCOME_WORDS[r.picked]}
                {right ? "." : `, it was ${OUTCOME_WORDS[r.actual]}.`}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
