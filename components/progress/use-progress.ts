"use client";

import { useCallback, useEffect, useState } from "react";
import { apiCall } from "@/lib/client/api";

export interface ChapterState {
  slug: string;
  href: string;
  title: string;
  visited: boolean;
  completed: boolean;
}
export interface ModuleProgress {
  module: string;
  chapters: ChapterState[];
  completed: number;
  total: number;
  percent: number;
  resume: { href: string; title: string } | null;
  quiz: { id: string; attempt: number; score: number; answered: number; total: number; passed: boolean } | null;
}
export type CourseProgress = { signedIn: false } | { signedIn: true; user: { name: string }; course: string; modules: ModuleProgress[] };

// One request per course per page, shared by every progress widget on it (browser memory only).
const inflight = new Map<string, Promise<CourseProgress>>();
const listeners = new Set<() => void>();

export function refreshProgress() {
  inflight.clear();
  listeners.forEach((l) => l());
}

export function useCourseProgress(course: string) {
  const [data, setData] = useState<CourseProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    let p = inflight.get(course);
    if (!p) {
      p = apiCall<CourseProgress>(`/api/progress?course=${encodeURIComponent(course)}`);
      inflight.set(course, p);
      p.catch(() => inflight.delete(course));
    }
    p.then(setData, (e: Error) => setError(e.message));
  }, [course]);
  useEffect(() => {
    load();
    listeners.add(load);
    return () => {
      listeners.delete(load);
    };
  }, [load]);
  return { data, error };
}
