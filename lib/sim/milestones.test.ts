import { describe, expect, it } from "vitest";
import { SimInputError } from "./engine";
import { deriveMilestones } from "./milestones";
import { kill, login, logout, request, revive, storeDown, tamper, wait } from "./test-helpers";

describe("deriveMilestones", () => {
  it("an empty log witnesses nothing", () => {
    expect(deriveMilestones([], 3)).toEqual([]);
  });

  it("memory-failed: login then a request to another server", () => {
    expect(deriveMilestones([login(), request()], 3)).toEqual(["memory-failed"]);
  });

  it("memory-failed needs a logged-in client: anonymous 401s do not count", () => {
    expect(deriveMilestones([request(), request(), request()], 3)).toEqual([]);
    expect(deriveMilestones([login(), logout(), request()], 3)).toEqual([]);
  });

  it("memory-failed cannot happen with one server and no kill", () => {
    expect(deriveMilestones([login(), request(), request(), request()], 1)).toEqual([]);
  });

  it("sticky-failed-after-kill: kill the pinned server, then request", () => {
    const log = [login(), request(), kill("S1"), request()];
    // store and jwt sailed through the same kill
    expect(deriveMilestones(log, 3)).toEqual(["memory-failed", "sticky-failed-after-kill", "external-survived-kill"]);
  });

  it("sticky-failed-after-kill is not triggered by killing another server", () => {
    const log = [login(), kill("S2"), request(), request()];
    expect(deriveMilestones(log, 3)).not.toContain("sticky-failed-after-kill");
  });

  it("sticky-failed-after-kill is disarmed by a new login", () => {
    const log = [login(), kill("S1"), login(), request(), request()];
    expect(deriveMilestones(log, 3)).not.toContain("sticky-failed-after-kill");
  });

  it("sticky-failed-after-kill with a single server killed and revived", () => {
    expect(deriveMilestones([login(), kill("S1"), revive("S1"), request()], 1)).toEqual([
      "memory-failed",
      "sticky-failed-after-kill",
      "external-survived-kill",
    ]);
  });

  it("sticky-failed-after-kill alone: the store lane is down, so nothing external survives", () => {
    expect(deriveMilestones([login(), kill("S1"), storeDown(), request()], 3)).toEqual([
      "memory-failed",
      "sticky-failed-after-kill",
    ]);
  });

  it("external-survived-kill: store and jwt keep answering after a server that served them dies", () => {
    const log = [login(), request(), kill("S1"), request()];
    expect(deriveMilestones(log, 3)).toContain("external-survived-kill");
  });

  it("external-survived-kill needs the request after the kill to succeed in both lanes", () => {
    // the store is down: the store lane fails, jwt alone is not enough
    expect(deriveMilestones([login(), kill("S1"), storeDown(), request()], 3)).not.toContain("external-survived-kill");
    // a tampered token: the jwt lane fails
    expect(deriveMilestones([login(), kill("S1"), tamper(), request()], 3)).not.toContain("external-survived-kill");
    // the token expired
    expect(deriveMilestones([login(), kill("S1"), wait(3600), request()], 3)).not.toContain("external-survived-kill");
  });

  it("external-survived-kill needs the killed server to have served the lane", () => {
    // S3 never served anyone before it died
    expect(deriveMilestones([login(), kill("S3"), request()], 3)).not.toContain("external-survived-kill");
  });

  it("the full lesson witnesses all three, in canonical order", () => {
    const log = [login(), request(), request(), kill("S1"), request(), request()];
    expect(deriveMilestones(log, 3)).toEqual(["memory-failed", "sticky-failed-after-kill", "external-survived-kill"]);
  });

  it("is deterministic and does not mutate the log", () => {
    const log = [login(), request(), kill("S1"), request()];
    const copy = structuredClone(log);
    expect(deriveMilestones(log, 3)).toEqual(deriveMilestones(log, 3));
    expect(log).toEqual(copy);
  });

  it("throws on a log that is invalid for the server count", () => {
    expect(() => deriveMilestones([kill("S7")], 3)).toThrow(SimInputError);
  });
});
