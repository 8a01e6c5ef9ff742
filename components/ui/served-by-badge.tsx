"use client";

import { useEffect, useState } from "react";

/**
 * "Served by instance N": shown only when Lectern runs as several named instances
 * (LECTERN_INSTANCE). Pages are static, so the badge asks the API which instance answers.
 */
export function ServedByBadge() {
  const [instance, setInstance] = useState<string | null>(null);
  useEffect(() => {
    fetch("/api/health", { cache: "no-store" })
      .then((r) => r.json() as Promise<{ instance: string | null }>)
      .then((h) => setInstance(h.instance))
      .catch(() => {});
  }, []);
  if (!instance) return null;
  return (
    <p className="served-by" title="Lectern keeps no user state in any instance: any of them can answer you.">
      Served by instance {instance}
    </p>
  );
}
