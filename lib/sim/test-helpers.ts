/**
 * Helpers shared by the lib/sim vitest suites (not used by the app).
 */
import { runSim } from "./engine";
import { createJoseJwt, type LabJwt } from "./jwt";
import type { Action, SimResult, SimStep, Strategy } from "./types";

/** A fixed 32-byte test secret. */
export const TEST_SECRET = new TextEncoder().encode("lectern-sim-test-secret-32-bytes!");

export function testJwt(): LabJwt {
  return createJoseJwt(TEST_SECRET);
}

export function run(strategy: Strategy, actions: Action[], servers = 3): Promise<SimResult> {
  return runSim({ strategy, servers, actions }, testJwt());
}

/** "S1:200:session-created" per step, compact for assertions. */
export function brief(step: SimStep): string {
  return `${step.servedBy}:${step.status}:${step.reason}`;
}

export const login = (user = "alice"): Action => ({ type: "login", user });
export const request = (): Action => ({ type: "request" });
export const logout = (): Action => ({ type: "logout" });
export const kill = (server: `S${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9}`): Action => ({ type: "kill", server });
export const revive = (server: `S${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9}`): Action => ({ type: "revive", server });
export const tamper = (claims?: Record<string, string | number | boolean>): Action =>
  claims === undefined ? { type: "tamper" } : { type: "tamper", claims };
export const wait = (seconds: number): Action => ({ type: "wait", seconds });
export const storeDown = (): Action => ({ type: "storeDown" });
export const storeUp = (): Action => ({ type: "storeUp" });
