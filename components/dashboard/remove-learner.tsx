"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { apiCall } from "@/lib/client/api";
import styles from "./remove-learner.module.css";

/**
 * "Remove" on a learner's row: asks first in a modal dialog (the native <dialog>: focus moves
 * into it, Escape cancels, focus returns to the button), then deletes the membership only.
 * The dialog is rendered only while open, so the table's HTML stays small.
 */
export function RemoveLearnerButton({ classId, userId, name }: { classId: string; userId: string; name: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const id = useId();
  useEffect(() => {
    if (open && !dialog.current?.open) {
      dialog.current?.showModal();
      cancel.current?.focus(); // the safe choice first
    }
  }, [open]);

  const close = () => {
    setOpen(false);
    setError(null);
    trigger.current?.focus();
  };
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await apiCall(`/api/classes/${encodeURIComponent(classId)}/learners/${encodeURIComponent(userId)}`, { method: "DELETE", retries: 0 });
      dialog.current?.close();
      setOpen(false);
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button type="button" ref={trigger} className="button dash-button--small" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        Remove<span className="visually-hidden"> {name}</span>
      </button>
      {open ? (
        <dialog ref={dialog} className={styles.dialog} aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`} onClose={close}>
          <h2 id={`${id}-title`}>Remove {name} from this class?</h2>
          <p id={`${id}-desc`}>
            They will no longer appear on this dashboard. Their own progress, lab runs and quiz answers are kept, and they can join again
            with the class code.
          </p>
          {error ? (
            <p role="alert" className={styles.error}>
              {error}
            </p>
          ) : null}
          <div className={styles.actions}>
            <button type="button" className={`button ${styles.danger}`} disabled={busy} onClick={remove}>
              {busy ? "Removing…" : "Remove from class"}
            </button>
            <button type="button" ref={cancel} className="button" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
          </div>
        </dialog>
      ) : null}
    </>
  );
}
