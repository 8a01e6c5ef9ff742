// Empty on purpose. Without a file of its own, `next build bench/baseline-next` (Turbopack, whose
// root is the repository because of package-lock.json) picks up Lectern's root instrumentation.ts,
// and the bare app then refuses to start without AUTH_SECRET. register() runs once at boot.
export function register() {}
