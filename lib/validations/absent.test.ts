import { describe, expect, it } from "vitest";
import { isAbsent } from "./absent";

describe("isAbsent", () => {
  const body = { actions: [{ type: "kill" }, { type: "kill", server: "S1" }], name: null };
  it("is true only for a key its parent object does not have", () => {
    expect(isAbsent(body, ["actions", 0, "server"])).toBe(true);
    expect(isAbsent(body, ["actions", 1, "server"])).toBe(false);
    expect(isAbsent(body, ["email"])).toBe(true);
  });
  it("is false for a value that is there but wrong (null included), for a missing parent, and for the root", () => {
    expect(isAbsent(body, ["name"])).toBe(false);
    expect(isAbsent(body, ["actions", 5, "server"])).toBe(false);
    expect(isAbsent(body, ["name", "first"])).toBe(false);
    expect(isAbsent(body, [])).toBe(false);
    expect(isAbsent("text", ["a"])).toBe(false);
  });
  it("does not count inherited keys as present", () => {
    expect(isAbsent({}, ["toString"])).toBe(true);
  });
});
