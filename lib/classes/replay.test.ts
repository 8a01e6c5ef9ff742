import { describe, expect, it } from "vitest";
import { parseLabSearch, toActions } from "@/components/lab/session-lab/model";
import { replayHref, runTokens } from "./replay";

describe("lab run replay links", () => {
  it("turns a stored action log into the lab's own URL, which the lab reads back to the same log", () => {
    const actions = toActions(["n", "n", "k1", "n", "r1"]);
    const stored = JSON.stringify({ servers: 3, actions });
    const href = replayHref("/learn/c/m/session-lab", stored);
    expect(href).toBe("/learn/c/m/session-lab?lab=n,n,k1,n,r1");
    const back = parseLabSearch(href!.slice(href!.indexOf("?")));
    expect(back.problem).toBeNull();
    expect(toActions(back.tokens)).toEqual(actions);
  });
  it("refuses runs the lab cannot express", () => {
    expect(runTokens(JSON.stringify({ servers: 2, actions: [{ type: "login", user: "alice" }] }))).toBeNull();
    expect(runTokens(JSON.stringify({ servers: 3, actions: [{ type: "login", user: "alice" }, { type: "wait", seconds: 60 }] }))).toBeNull();
    expect(runTokens("not json")).toBeNull();
    expect(replayHref(null, JSON.stringify({ servers: 3, actions: [{ type: "login", user: "alice" }] }))).toBeNull();
    expect(runTokens(JSON.stringify({ servers: 3, actions: [{ type: "login", user: "alice" }] }))).toEqual([]);
  });
});
