/**
 * Wording helpers for the trace's human-readable `message` / `explanation` fields. Pure: the clock
 * text is a conversion of the virtual clock, never the real time.
 */
/** "alice" -> "Alice" (used for the `name` claim and the messages). */
export function displayName(user: string): string {
  return user.charAt(0).toUpperCase() + user.slice(1);
}

export function clockText(seconds: number): string {
  // A pure conversion of the virtual clock (not the real time).
  return `${new Date(seconds * 1000).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function durationText(seconds: number): string {
  if (seconds % 3600 === 0) return plural(seconds / 3600, "hour");
  if (seconds % 60 === 0) return plural(seconds / 60, "minute");
  return plural(seconds, "second");
}
