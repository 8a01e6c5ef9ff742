"use client";

/** A JSON call to Lectern's API with the error message the server wrote, or a plain one when the network failed. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function apiCall<T>(url: string, init?: { method?: string; body?: unknown; retries?: number }): Promise<T> {
  const retries = init?.retries ?? 2;
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(url, {
        method: init?.method ?? (init?.body ? "POST" : "GET"),
        headers: init?.body ? { "content-type": "application/json" } : undefined,
        body: init?.body ? JSON.stringify(init.body) : undefined,
        credentials: "same-origin",
      });
    } catch {
      // Dropped connection (an instance died, the network blinked): writes carry an
      // idempotency key or are upserts, so sending again is always safe.
      if (attempt < retries) {
        await new Promise((r) => setTimeout(r, 300 * (attempt + 1)));
        continue;
      }
      throw new ApiCallError(0, "Lectern could not be reached. Check your connection and try again.");
    }
    if ((res.status === 502 || res.status === 503) && attempt < retries) {
      await new Promise((r) => setTimeout(r, 300 * (attempt + 1)));
      continue;
    }
    const data = (await res.json().catch(() => null)) as (T & { error?: string }) | null;
    if (!res.ok) throw new ApiCallError(res.status, data?.error ?? `The request failed (${res.status}). Please try again.`);
    return data as T;
  }
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID().replace(/-/g, "");
}
