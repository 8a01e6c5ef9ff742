"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { apiCall } from "@/lib/client/api";

export function CreateClassForm({ courses }: { courses: { slug: string; title: string }[] }) {
  const router = useRouter();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="form dash-create"
      onSubmit={async (e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        setBusy(true);
        setError(null);
        try {
          const made = await apiCall<{ href: string }>("/api/classes", { body: { name: String(form.get("name") ?? ""), course: String(form.get("course") ?? "") } });
          router.push(made.href);
        } catch (err) {
          setError((err as Error).message);
          setBusy(false);
        }
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-name`}>Class name</label>
        <input id={`${id}-name`} name="name" required maxLength={80} placeholder="Monday evening group" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-course`}>Course</label>
        <select id={`${id}-course`} name="course" className="dash-select" required defaultValue={courses[0]?.slug}>
          {courses.map((c) => (
            <option key={c.slug} value={c.slug}>
              {c.title}
            </option>
          ))}
        </select>
      </div>
      <div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? "Creating…" : "Create class"}
        </button>
      </div>
      {error ? (
        <p className="form__error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
