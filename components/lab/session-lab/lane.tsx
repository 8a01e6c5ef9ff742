"use client";

import type { CSSProperties } from "react";
import type { ServerState, SimStep } from "@/lib/sim/types";
import { Icon } from "./icons";
import {
  LANE_SUBTITLE,
  LANE_TITLE,
  clockTime,
  isHttpStep,
  peekClaims,
  requestNumbers,
  sentence,
  shortToken,
  type LabStrategy,
  type LaneKey,
  type Third,
} from "./model";
import { visibleSteps, type LaneRun } from "./use-lab-runs";

/** Rows of a lane above its request log (head, load balancer, servers, store, browser, log title). */
export const LANE_FIXED_ROWS = 6;

interface LaneProps {
  lane: LaneKey;
  strategy: LabStrategy;
  run: LaneRun;
  tokens: readonly string[];
  /** Log rows every lane reserves, so the same request sits at the same height in each lane. */
  logRows: number;
  disagreeAt: number | null;
  third?: { value: Third; name: string; onChange: (t: Third) => void };
  onRetry: () => void;
}

export function Lane({ lane, strategy, run, tokens, logRows, disagreeAt, third, onRetry }: LaneProps) {
  const steps = visibleSteps(run, strategy, tokens);
  const numbers = steps ? requestNumbers(steps) : new Map<number, number>();
  const last = steps?.at(-1);
  const state = last?.state;
  const lastHttp = steps ? steps.findLast(isHttpStep) : undefined;
  const waiting = steps !== null && steps.length < tokens.length + 1 && run.pending && run.slow;
  const titleId = `sl-lane-${lane}`;
  const memoryLane = strategy === "memory" || strategy === "sticky";

  return (
    <section
      className={`sl-lane sl-lane--${lane}${run.slow ? " sl-lane--slow" : ""}`}
      aria-labelledby={titleId}
      aria-busy={run.pending}
      style={{ "--sl-span": LANE_FIXED_ROWS + logRows, "--sl-log-rows": logRows } as CSSProperties}
    >
      <header className="sl-lane__head">
        <div className="sl-lane__titlebar">
          <h3 id={titleId} className="sl-lane__title">
            {LANE_TITLE[lane]}
            {lane === "third" && <span className="visually-hidden"> ({strategy === "jwt" ? "JWT" : "Redis store"})</span>}
          </h3>
          {run.slow && (
            <span className="sl-lane__loading">
              <span className="sl-spinner" aria-hidden="true" />
              Updating…
            </span>
          )}
        </div>
        {third && (
          <fieldset className="sl-switch">
            <legend className="visually-hidden">Third lane pattern</legend>
            {(["store", "jwt"] as const).map((v) => (
              <label key={v} className="sl-switch__option">
                <input type="radio" name={third.name} value={v} checked={third.value === v} onChange={() => third.onChange(v)} />
                {third.value === v && <Icon name="ok" />}
                <span>{v === "store" ? "Redis store" : "JWT"}</span>
              </label>
            ))}
          </fieldset>
        )}
        <p className="sl-lane__sub">{LANE_SUBTITLE[strategy]}</p>
        {run.stalled && !run.error && (
          <div className="sl-lane__error sl-lane__error--slow" role="status">
            <p>
              <strong>Still waiting for the simulator…</strong> It is slower than usual.
            </p>
            <button type="button" className="button" onClick={onRetry}>
              Retry<span className="visually-hidden"> the {LANE_TITLE[lane]} lane</span>
            </button>
          </div>
        )}
        {run.error && (
          <div className="sl-lane__error" role="alert">
            <p>
              <strong>This lane could not update.</strong> {run.error}
            </p>
            <button type="button" className="button" onClick={onRetry}>
              Retry<span className="visually-hidden"> the {LANE_TITLE[lane]} lane</span>
            </button>
          </div>
        )}
      </header>

      <div className="sl-part">
        <h4 className="sl-part__title">
          <Icon name="lb" /> Load balancer
        </h4>
        <p className="sl-part__body">{state ? <LoadBalancer step={last} strategy={strategy} /> : <Unknown />}</p>
      </div>

      <div className="sl-part">
        <h4 className="sl-part__title">
          <Icon name="server" /> Servers
        </h4>
        {state ? (
          <ul className="sl-servers">
            {state.servers.map((s) => (
              <Server
                key={s.id}
                server={s}
                memoryLane={memoryLane}
                answered={lastHttp && lastHttp.servedBy === s.id ? numbers.get(lastHttp.index) : undefined}
              />
            ))}
          </ul>
        ) : (
          <p className="sl-part__body">
            <Unknown />
          </p>
        )}
      </div>

      <div className="sl-part">
        <h4 className="sl-part__title">
          <Icon name="db" /> Shared store
        </h4>
        <div className="sl-part__body">{state ? <Store step={last} strategy={strategy} /> : <Unknown />}</div>
      </div>

      <div className="sl-part">
        <h4 className="sl-part__title">
          <Icon name="cookie" /> Alice’s browser
        </h4>
        <div className="sl-part__body">{state ? <Browser step={last} strategy={strategy} /> : <Unknown />}</div>
      </div>

      <h4 className="sl-part__title sl-log-title">Requests</h4>
      <ol className="sl-log" aria-label={`${LANE_TITLE[lane]} request log`}>
        {steps?.map((s) => (
          <LogRow key={s.index} step={s} number={numbers.get(s.index)} latest={s === last} disagree={s.index === disagreeAt} />
        ))}
        {waiting && (
          <li className="sl-row sl-row--waiting">
            <div className="sl-row__line">
              <span className="sl-row__num">
                <Icon name="pending" />
              </span>
              <span className="sl-row__result">Waiting for the simulator…</span>
            </div>
          </li>
        )}
        {steps === null && (
          <li className="sl-row sl-row--waiting">
            <div className="sl-row__line">
              <span className="sl-row__result sl-muted">{run.error ? "No answer yet." : run.slow ? "Loading…" : "…"}</span>
            </div>
          </li>
        )}
      </ol>
    </section>
  );
}

function Unknown() {
  return <span className="sl-muted">…</span>;
}

function LoadBalancer({ step, strategy }: { step: SimStep | undefined; strategy: LabStrategy }) {
  if (!step) return <Unknown />;
  const { lb, servers } = step.state;
  if (strategy === "sticky" && lb.pinned) {
    const pinnedAlive = servers.find((s) => s.id === lb.pinned)?.alive ?? false;
    return (
      <>
        <Icon name="pin" /> Alice pinned to <strong>{lb.pinned}</strong>
        {pinnedAlive ? (
          <span className="sl-muted"> (SERVERID cookie)</span>
        ) : (
          <span className="sl-warn">
            {" "}
            — {lb.pinned} is down; next request re-pins to {lb.next ?? "nobody"}
          </span>
        )}
      </>
    );
  }
  return lb.next ? (
    <>
      Round-robin, next turn: <strong>{lb.next}</strong>
    </>
  ) : (
    <span className="sl-warn">No live server to send to</span>
  );
}

function Server({ server, memoryLane, answered }: { server: ServerState; memoryLane: boolean; answered: number | undefined }) {
  return (
    <li className={`sl-server${server.alive ? "" : " sl-server--down"}${answered !== undefined ? " sl-server--answered" : ""}`}>
      <span className="sl-server__id">{server.id}</span>
      <span className={`sl-server__state sl-server__state--${server.alive ? "up" : "down"}`}>
        <Icon name={server.alive ? "ok" : "kill"} />
        {server.alive ? "up" : "down"}
      </span>
      {answered !== undefined && (
        <span className="sl-server__tag">
          <span aria-hidden="true">←</span> answered #{answered}
        </span>
      )}
      <span className="sl-server__mem">
        {server.memory.length > 0 ? (
          server.memory.map((m) => (
            <code key={m.id}>
              {m.id} → {m.user}
            </code>
          ))
        ) : (
          <span className="sl-muted">
            {memoryLane ? (server.alive ? "no sessions" : "memory gone") : server.alive ? "stateless" : "nothing lost"}
          </span>
        )}
      </span>
    </li>
  );
}

function Store({ step, strategy }: { step: SimStep | undefined; strategy: LabStrategy }) {
  if (!step) return <Unknown />;
  if (strategy === "memory" || strategy === "sticky") return <p className="sl-muted">None: each server only has its own memory.</p>;
  if (strategy === "jwt") return <p className="sl-muted">No server-side session: any server can check the token’s signature.</p>;
  const store = step.state.store;
  if (!store) return <Unknown />;
  return (
    <>
      <p>
        Redis{" "}
        <span className={`sl-server__state sl-server__state--${store.up ? "up" : "down"}`}>
          <Icon name={store.up ? "ok" : "kill"} />
          {store.up ? "up" : "down"}
        </span>
      </p>
      <p>
        {store.sessions.length > 0 ? (
          store.sessions.map((s) => (
            <code key={s.id}>
              {s.id} → {s.user}
            </code>
          ))
        ) : (
          <span className="sl-muted">no sessions</span>
        )}
      </p>
    </>
  );
}

function Browser({ step, strategy }: { step: SimStep | undefined; strategy: LabStrategy }) {
  if (!step) return <Unknown />;
  const { client } = step.state;
  if (strategy === "jwt") {
    if (!client.token) return <p className="sl-muted">No token</p>;
    const claims = peekClaims(client.token);
    return (
      <>
        <p>
          <span className="sl-muted">Token </span>
          <code title={client.token}>{shortToken(client.token)}</code>
        </p>
        {claims && (
          <p className="sl-muted sl-small">
            claims: sub={claims.sub ?? "?"}
            {claims.exp !== undefined && `, exp ${clockTime(claims.exp)}`} (signed)
          </p>
        )}
      </>
    );
  }
  return (
    <>
      <p>
        <span className="sl-muted">Cookie </span>
        {client.sessionId ? <code>sid={client.sessionId}</code> : <span className="sl-muted">none</span>}
      </p>
      {strategy === "sticky" && client.stickyServer && (
        <p>
          <span className="sl-muted">Cookie </span>
          <code>SERVERID={client.stickyServer}</code>
        </p>
      )}
    </>
  );
}

function LogRow({ step, number, latest, disagree }: { step: SimStep; number: number | undefined; latest: boolean; disagree: boolean }) {
  const cls = `sl-row${latest ? " sl-row--latest" : ""}${disagree ? " sl-row--disagree" : ""}`;
  const marker = disagree && (
    <p className="sl-disagree">
      <Icon name="diamond" /> lanes first disagree here
    </p>
  );
  if (!isHttpStep(step)) {
    const kill = step.action.type === "kill";
    return (
      <li className={`${cls} sl-row--world`}>
        {marker}
        <div className="sl-row__line">
          <span className="sl-row__num">
            <Icon name={kill ? "kill" : "revive"} />
          </span>
          <span className="sl-row__result">{step.message}</span>
        </div>
        <p className="sl-row__why">{sentence(step.explanation)}</p>
      </li>
    );
  }
  const kind = step.status === 200 ? "ok" : step.status === 401 ? "bad" : "none";
  return (
    <li className={`${cls} sl-row--${kind}`}>
      {marker}
      <div className="sl-row__line">
        <span className="sl-row__num">
          <span className="visually-hidden">Request </span>
          {number}
        </span>
        <span className="sl-row__to">
          <span className="visually-hidden"> to </span>
          <span aria-hidden="true">→ </span>
          {step.servedBy ?? "none"}
          <span className="visually-hidden">:</span>
        </span>
        <span className={`sl-row__result sl-result--${kind}`}>
          <Icon name={kind} />
          <span>
            {step.message} <span className="sl-row__code">{step.status}</span>
          </span>
        </span>
      </div>
      {kind !== "ok" && <p className="sl-row__why">{sentence(step.explanation)}</p>}
    </li>
  );
}
