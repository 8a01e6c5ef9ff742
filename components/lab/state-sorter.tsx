"use client";

import { useEffect, useRef, useState } from "react";
import { PLACEMENT_LABEL, PLACEMENT_SENTENCE, SORTER_ITEMS, type Placement, type SorterItem } from "./state-sorter-items";

type Focus = { id: string; target: "retry" | "choice" } | null;

/**
 * "Sort the state": a local self-check. Each card is something a server might keep; the learner
 * decides whether it's fine in the process or must move out, and gets the explanation at once.
 * Nothing is sent anywhere or saved.
 */
export function StateSorter() {
  const [answers, setAnswers] = useState<Readonly<Record<string, Placement>>>({});
  const [announcement, setAnnouncement] = useState("");
  const pendingFocus = useRef<Focus>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  // Alternates so that announcing the same sentence twice in a row is still a change.
  const flip = useRef(false);

  const total = SORTER_ITEMS.length;
  const answered = SORTER_ITEMS.filter((item) => answers[item.id] !== undefined).length;
  const right = SORTER_ITEMS.filter((item) => answers[item.id] === item.answer).length;
  const scoreText = `${right} of ${total} sorted right`;

  useEffect(() => {
    const focus = pendingFocus.current;
    if (!focus) return;
    pendingFocus.current = null;
    buttons.current.get(`${focus.id}:${focus.target}`)?.focus();
  }, [answers]);

  function announce(text: string) {
    flip.current = !flip.current;
    setAnnouncement(flip.current ? text : `${text}\u00a0`);
  }

  function choose(item: SorterItem, placement: Placement) {
    const next = { ...answers, [item.id]: placement };
    const nextRight = SORTER_ITEMS.filter((i) => next[i.id] === i.answer).length;
    const correct = placement === item.answer;
    pendingFocus.current = { id: item.id, target: "retry" };
    setAnswers(next);
    announce(
      `${item.title}: ${correct ? "right" : "not quite"}, ${PLACEMENT_SENTENCE[item.answer]}. ${item.explanation} ` +
        `${nextRight} of ${total} sorted right.`,
    );
  }

  function retry(item: SorterItem) {
    const next = { ...answers };
    delete next[item.id];
    pendingFocus.current = { id: item.id, target: "choice" };
    setAnswers(next);
    announce(`${item.title}: choose again.`);
  }

  function reset() {
    setAnswers({});
    announce(`Reset: all ${total} cards are unsorted again.`);
  }

  const register = (key: string) => (el: HTMLButtonElement | null) => {
    if (el) buttons.current.set(key, el);
    else buttons.current.delete(key);
  };

  return (
    <section className="sorter" aria-label="Sort the state">
      <p className="sorter__intro small muted">
        For each card, choose where it belongs. It&apos;s a self-check: nothing is saved, and you can try any card again.
      </p>
      <ol className="sorter__list" role="list">
        {SORTER_ITEMS.map((item, index) => {
          const chosen = answers[item.id];
          const state = chosen === undefined ? "open" : chosen === item.answer ? "right" : "wrong";
          const titleId = `sorter-${item.id}-title`;
          return (
            <li key={item.id} className={`sorter-item sorter-item--${state}`} data-item={item.id}>
              <div role="group" aria-labelledby={titleId} className="sorter-item__group">
                <p className="sorter-item__title" id={titleId}>
                  <span className="sorter-item__num">{index + 1}.</span> {item.title}
                </p>
                <p className="sorter-item__example">
                  <code>{item.example}</code>
                </p>
                {chosen === undefined ? (
                  <div className="sorter-item__choices">
                    {(["keep", "move"] as const).map((placement) => (
                      <button
                        key={placement}
                        type="button"
                        className="button sorter-item__choice"
                        ref={placement === "keep" ? register(`${item.id}:choice`) : undefined}
                        onClick={() => choose(item, placement)}
                      >
                        {PLACEMENT_LABEL[placement]}
                      </button>
                    ))}
                  </div>
                ) : (
                  <div className="sorter-item__feedback">
                    <p className="sorter-item__verdict">
                      <span aria-hidden="true" className="sorter-item__icon">
                        {state === "right" ? "✓" : "✗"}
                      </span>
                      <span>
                        <strong>{state === "right" ? "Right." : "Not quite."}</strong> You chose “{PLACEMENT_LABEL[chosen]}”;{" "}
                        {PLACEMENT_SENTENCE[item.answer]}.
                      </span>
                    </p>
                    <p className="sorter-item__why">{item.explanation}</p>
                    <button type="button" className="button sorter-item__retry" ref={register(`${item.id}:retry`)} onClick={() => retry(item)}>
                      Try again
                    </button>
                  </div>
                )}
              </div>
            </li>
          );
        })}
      </ol>
      <div className="sorter__bar">
        <p className="sorter__score">
          <strong>{scoreText}</strong>
          <span className="muted">
            {answered === total ? " · all sorted" : ` · ${total - answered} still to sort`}
          </span>
        </p>
        <button type="button" className="button" onClick={reset}>
          Reset
        </button>
      </div>
      <p className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
    </section>
  );
}
