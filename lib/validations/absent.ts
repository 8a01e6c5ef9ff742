/**
 * True when the value at `path` is absent from `input`: its parent is an object without that key.
 * How Lectern tells a missing field from a wrong one, whatever message the field's schema carries
 * (zod's own wording for a missing field is not a contract).
 */
export function isAbsent(input: unknown, path: readonly PropertyKey[]): boolean {
  const key = path.at(-1);
  if (key === undefined) return false;
  let parent = input;
  for (const k of path.slice(0, -1)) {
    if (parent === null || typeof parent !== "object") return false;
    parent = (parent as Record<PropertyKey, unknown>)[k];
  }
  return parent !== null && typeof parent === "object" && !Object.prototype.hasOwnProperty.call(parent, key);
}
