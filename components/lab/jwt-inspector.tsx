"use client";

import { useEffect, useId, useRef, useState } from "react";
import type { JwtVerdict, JwtVerifyResult, SimInputRaw, SimResult } from "@/lib/sim";

type JsonObject = Record<string, unknown>;

interface TokenParts {
  header: string;
  payload: string;
  signature: string;
}

interface Original {
  parts: TokenParts;
  header: JsonObject;
  payload: JsonObject;
}

type Load = { status: "loading" } | { status: "error"; message: string } | { status: "ready"; original: Original };

interface ClaimChange {
  claim: string;
  kind: "added" | "removed" | "changed";
  before?: unknown;
  after?: unknown;
}

/** One token sent to POST /api/jwt/verify, and what it differs in from the original. */
interface Attempt {
  sent: TokenParts;
  changes: ClaimChange[];
  /** The payload part differs from the original, byte for byte. */
  payloadEdited: boolean;
}

interface Verdict extends Attempt {
  valid: boolean;
  reason: JwtVerdict;
}

const VERDICT_TEXT: Readonly<Record<JwtVerdict, { title: string; detail: string }>> = {
  ok: {
    title: "Accepted: signature valid",
    detail: "The header and payload are exactly the bytes the server signed, so it trusts every claim in them.",
  },
  "bad-signature": {
    title: "Rejected: the signature does not match the header and payload",
    detail:
      "The server recomputed the signature over the header and payload you sent and got a different one. Making a matching signature needs the server's secret key, which never leaves the server.",
  },
  expired: {
    title: "Rejected: the token has expired",
    detail: "The signature checks out, but the server's clock is past the token's exp claim.",
  },
  malformed: {
    title: "Rejected: this is not a well-formed JWT",
    detail: "The server could not read the token as header.payload.signature with JSON inside.",
  },
  "alg-not-allowed": {
    title: "Rejected: the algorithm is not allowed",
    detail: "The server accepts HS256 only, whatever the token's header asks for.",
  },
};

/** The token request: Alice logs in once in the JWT lane; the server signs her a token. */
const LOGIN_SCENARIO: SimInputRaw = { strategy: "jwt", servers: 3, actions: [{ type: "login", user: "alice" }] };
const MAX_TOKEN_CHARS = 4096;
const LOADING_DELAY_MS = 150;

// --- base64url, in the browser -------------------------------------------------------------

function base64urlToText(part: string): string {
  const b64 = part.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

function textToBase64url(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function decodeObject(part: string): JsonObject | null {
  try {
    const value: unknown = JSON.parse(base64urlToText(part));
    return isJsonObject(value) ? value : null;
  } catch {
    return null;
  }
}

function splitToken(token: string): TokenParts | null {
  const [header, payload, signature, ...rest] = token.split(".");
  if (header === undefined || payload === undefined || signature === undefined || rest.length > 0) return null;
  return { header, payload, signature };
}

const pretty = (value: unknown) => JSON.stringify(value, null, 2);
const joinParts = (p: TokenParts) => `${p.header}.${p.payload}.${p.signature}`;

function diffClaims(before: JsonObject, after: JsonObject): ClaimChange[] {
  const changes: ClaimChange[] = [];
  for (const [claim, value] of Object.entries(before)) {
    if (!Object.hasOwn(after, claim)) changes.push({ claim, kind: "removed", before: value });
    else if (JSON.stringify(after[claim]) !== JSON.stringify(value)) changes.push({ claim, kind: "changed", before: value, after: after[claim] });
  }
  for (const [claim, value] of Object.entries(after)) {
    if (!Object.hasOwn(before, claim)) changes.push({ claim, kind: "added", after: value });
  }
  return changes;
}

function describeChange(c: ClaimChange): string {
  const v = (x: unknown) => JSON.stringify(x) ?? String(x);
  if (c.kind === "added") return `"${c.claim}" added: ${v(c.after)}`;
  if (c.kind === "removed") return `"${c.claim}" removed (was ${v(c.before)})`;
  return `"${c.claim}" changed: ${v(c.before)} → ${v(c.after)}`;
}

/** "2026-01-01 00:00:01 UTC" for a unix time, or null when the claim is not a usable number. */
function utc(seconds: unknown): string | null {
  if (typeof seconds !== "number" || !Number.isFinite(seconds)) return null;
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? null : `${d.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

// --- the lab API ----------------------------------------------------------------------------

/** An answer from the server we can explain (as opposed to not reaching it at all). */
class ServerAnswerError extends Error {}

async function postJson(url: string, body: unknown, what: string, signal?: AbortSignal): Promise<unknown> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal,
  });
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const detail = isJsonObject(data) && typeof data.error === "string" ? ` ${data.error}` : "";
    throw new ServerAnswerError(`The lab server could not ${what} (HTTP ${res.status}).${detail}`);
  }
  return data;
}

function problem(error: unknown, what: string): string {
  if (error instanceof ServerAnswerError) return error.message;
  return `Couldn't reach the lab server to ${what}. Check your connection, then retry.`;
}

async function fetchOriginal(signal: AbortSignal): Promise<Original> {
  const data = (await postJson("/api/sim", LOGIN_SCENARIO, "issue a token", signal)) as SimResult | null;
  const token = data?.steps?.[0]?.state?.client?.token;
  const parts = typeof token === "string" ? splitToken(token) : null;
  const header = parts ? decodeObject(parts.header) : null;
  const payload = parts ? decodeObject(parts.payload) : null;
  if (!parts || !header || !payload) throw new ServerAnswerError("The lab server answered without a readable token.");
  return { parts, header, payload };
}

type VerifyAnswer = JwtVerifyResult & { at: number };

function isVerifyAnswer(value: unknown): value is VerifyAnswer {
  return isJsonObject(value) && typeof value.valid === "boolean" && typeof value.reason === "string" && value.reason in VERDICT_TEXT;
}

// --- components -----------------------------------------------------------------------------

/** True once `active` has lasted `LOADING_DELAY_MS`, so quick answers never flash a loading state. */
function useDelayedFlag(active: boolean): boolean {
  const [late, setLate] = useState(false);
  useEffect(() => {
    if (!active) return;
    const timer = setTimeout(() => setLate(true), LOADING_DELAY_MS);
    return () => {
      clearTimeout(timer);
      setLate(false);
    };
  }, [active]);
  return active && late;
}

function Token({ parts, labels }: { parts: TokenParts; labels: Readonly<Record<keyof TokenParts, string>> }) {
  return (
    <code className="jwt-token">
      {(["header", "payload", "signature"] as const).map((key, i) => (
        <span key={key}>
          {i > 0 && <span className="jwt-token__dot">.</span>}
          <span className={`jwt-seg jwt-seg--${key}`}>
            <span className="jwt-seg__label">{labels[key]}</span> {parts[key]}
          </span>
        </span>
      ))}
    </code>
  );
}

const ISSUED_LABELS = { header: "Header", payload: "Payload", signature: "Signature" } as const;

export function JwtInspector() {
  const id = useId();
  const [load, setLoad] = useState<Load>({ status: "loading" });
  const [loadAttempt, setLoadAttempt] = useState(0);
  const [text, setText] = useState("");
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [sendError, setSendError] = useState<{ message: string; attempt: Attempt } | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const flip = useRef(false);
  const inFlight = useRef(false);
  const verifyAbort = useRef<AbortController | null>(null);

  const showLoading = useDelayedFlag(load.status === "loading");
  const showSending = useDelayedFlag(sending);

  useEffect(() => {
    const controller = new AbortController();
    fetchOriginal(controller.signal).then(
      (original) => {
        setText(pretty(original.payload));
        setLoad({ status: "ready", original });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setLoad({ status: "error", message: problem(error, "issue a token") });
      },
    );
    return () => controller.abort();
  }, [loadAttempt]);

  useEffect(() => () => verifyAbort.current?.abort(), []);

  function announce(message: string) {
    flip.current = !flip.current;
    setAnnouncement(flip.current ? message : `${message}\u00a0`);
  }

  function retryLoad() {
    setLoad({ status: "loading" });
    setLoadAttempt((n) => n + 1);
  }

  async function verify(attempt: Attempt) {
    if (inFlight.current) return;
    inFlight.current = true;
    const controller = new AbortController();
    verifyAbort.current = controller;
    setSending(true);
    setSendError(null);
    try {
      const data = await postJson("/api/jwt/verify", { token: joinParts(attempt.sent) }, "check the token", controller.signal);
      if (!isVerifyAnswer(data)) throw new ServerAnswerError("The lab server's answer could not be read. Try again.");
      const next: Verdict = { ...attempt, valid: data.valid, reason: data.reason };
      setVerdict(next);
      const changed = attempt.changes.length === 0 ? "No claims changed." : `Changed: ${attempt.changes.map(describeChange).join("; ")}.`;
      announce(`Server verdict: ${VERDICT_TEXT[data.reason].title}. ${changed}`);
    } catch (error) {
      if (controller.signal.aborted) return;
      const message = problem(error, "check the token");
      setVerdict(null);
      setSendError({ message, attempt });
      announce(message);
    } finally {
      inFlight.current = false;
      setSending(false);
    }
  }

  if (load.status !== "ready") {
    return (
      <section className="jwt card" aria-label="JWT inspector" aria-busy={load.status === "loading"}>
        <p className="jwt__lede">
          Decoding needs no key: anyone holding a JWT can read its header and payload. Signing needs the server&apos;s secret key.
        </p>
        {load.status === "error" ? (
          <div className="form__error jwt__problem" role="alert">
            <p>{load.message}</p>
            <button type="button" className="button" onClick={retryLoad}>
              Retry
            </button>
          </div>
        ) : (
          <p className="jwt__loading muted" aria-live="polite">
            {showLoading ? "Getting a token from the lab server…" : ""}
          </p>
        )}
      </section>
    );
  }

  const { original } = load;

  function send() {
    if (inFlight.current) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      const why = error instanceof SyntaxError ? ` The browser says: ${error.message.replace(/\.?$/, ".")}` : "";
      const message = `That is not valid JSON, so nothing was sent. Check the quotes, commas and braces.${why}`;
      setJsonError(message);
      announce(message);
      return;
    }
    if (!isJsonObject(parsed)) {
      const message = "The payload must be a JSON object, written between { and }. Nothing was sent.";
      setJsonError(message);
      announce(message);
      return;
    }
    const sent: TokenParts = { ...original.parts, payload: textToBase64url(JSON.stringify(parsed)) };
    if (joinParts(sent).length > MAX_TOKEN_CHARS) {
      const message = `The edited token would be longer than ${MAX_TOKEN_CHARS} characters, more than the lab accepts. Nothing was sent.`;
      setJsonError(message);
      announce(message);
      return;
    }
    setJsonError(null);
    void verify({ sent, changes: diffClaims(original.payload, parsed), payloadEdited: sent.payload !== original.parts.payload });
  }

  function restore() {
    verifyAbort.current?.abort();
    setText(pretty(original.payload));
    setJsonError(null);
    setSendError(null);
    setVerdict(null);
    announce("The original payload is back in the editor.");
  }

  const editorId = `${id}-payload`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const issued = utc(original.payload.iat);
  const expires = utc(original.payload.exp);

  return (
    <section className="jwt card" aria-label="JWT inspector">
      <p className="jwt__lede">
        <strong>Decoding needs no key:</strong> anyone holding a JWT can read its header and payload. <strong>Signing needs the
        server&apos;s secret key</strong>, so only the server can make a signature that matches them.
      </p>

      <figure className="jwt__figure">
        <figcaption className="jwt__caption">Alice&apos;s token, as the server issued it (header.payload.signature)</figcaption>
        <Token parts={original.parts} labels={ISSUED_LABELS} />
      </figure>

      <div className="jwt-decoded">
        <figure className="jwt__figure">
          <figcaption className="jwt__caption">Header, decoded</figcaption>
          <pre className="jwt-json jwt-json--header">{pretty(original.header)}</pre>
        </figure>
        <figure className="jwt__figure">
          <figcaption className="jwt__caption">Payload, decoded</figcaption>
          <pre className="jwt-json jwt-json--payload">{pretty(original.payload)}</pre>
        </figure>
      </div>
      {issued && expires && (
        <p className="small muted jwt__times">
          <code>iat</code> and <code>exp</code> are unix seconds on the lab&apos;s clock: issued {issued}, expires {expires}.
        </p>
      )}

      <details className="jwt-hint">
        <summary>Decode it yourself</summary>
        <p className="small">
          Paste this into your browser&apos;s console (F12 opens it). It prints the payload, and no key is involved:
        </p>
        <pre className="jwt-json">
          {`const payload = "${original.parts.payload}";\nJSON.parse(atob(payload.replace(/-/g,'+').replace(/_/g,'/')))`}
        </pre>
      </details>

      <div className="jwt-editor">
        <label htmlFor={editorId} className="jwt__caption">
          Payload JSON (edit it, then send)
        </label>
        <p id={hintId} className="small muted jwt-editor__hint">
          Try changing <code>&quot;name&quot;</code> to <code>&quot;Mallory&quot;</code>, or add <code>&quot;role&quot;: &quot;admin&quot;</code>. The
          header and signature stay the original ones.
        </p>
        <textarea
          id={editorId}
          className="jwt-editor__input"
          value={text}
          rows={8}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          aria-invalid={jsonError ? true : undefined}
          aria-describedby={jsonError ? `${hintId} ${errorId}` : hintId}
          onChange={(e) => {
            setText(e.target.value);
            if (jsonError) setJsonError(null);
          }}
        />
        {jsonError && (
          <p id={errorId} className="form__error jwt-editor__error">
            <span aria-hidden="true">✗ </span>
            {jsonError}
          </p>
        )}
        <div className="jwt-editor__actions">
          <button type="button" className="button button--primary" onClick={send} aria-disabled={sending || undefined}>
            {showSending ? "Checking…" : "Send to the server"}
          </button>
          <button type="button" className="button" onClick={restore}>
            Restore the original
          </button>
        </div>
      </div>

      <div className="jwt-result" aria-busy={sending}>
        {sendError && (
          <div className="form__error jwt__problem">
            <p>{sendError.message}</p>
            <button type="button" className="button" onClick={() => void verify(sendError.attempt)}>
              Retry
            </button>
          </div>
        )}
        {verdict && <VerdictView verdict={verdict} />}
      </div>

      <p className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
    </section>
  );
}

function VerdictView({ verdict }: { verdict: Verdict }) {
  const text = VERDICT_TEXT[verdict.reason];
  const onlyBytes = !verdict.valid && verdict.changes.length === 0 && verdict.payloadEdited;
  return (
    <div className={`jwt-verdict jwt-verdict--${verdict.valid ? "ok" : "bad"}`}>
      <p className="jwt-verdict__title">
        <span aria-hidden="true" className="jwt-verdict__icon">
          {verdict.valid ? "✓" : "✗"}
        </span>
        <span>{text.title}</span>
      </p>
      <p className="jwt-verdict__detail">{text.detail}</p>
      {verdict.changes.length === 0 ? (
        <p className="jwt-verdict__changes">
          {onlyBytes
            ? "No claim changed, but the payload's bytes did (spacing or order), and the signature covers the exact bytes."
            : "No claims changed: you sent the token as it was issued."}
        </p>
      ) : (
        <>
          <p className="jwt-verdict__changes">Claims you changed:</p>
          <ul className="jwt-verdict__list">
            {verdict.changes.map((c) => (
              <li key={c.claim}>
                <code>{describeChange(c)}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="jwt__caption jwt-verdict__sent">The token you sent</p>
      <Token
        parts={verdict.sent}
        labels={{
          header: "Header (original)",
          payload: verdict.payloadEdited ? "Payload (edited)" : "Payload (original)",
          signature: "Signature (original)",
        }}
      />
    </div>
  );
}
