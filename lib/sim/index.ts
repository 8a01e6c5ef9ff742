/**
 * Session-strategy lab: public surface.
 *
 * Browser-safe: nothing here imports node built-ins, Next or server-only code. (The API handlers
 * in ./api use only web-standard Request/Response; the secret is injected by the route files.)
 */
export * from "./types";
export { runSim, runSimSync, displayName, SimInputError } from "./engine";
export {
  createJoseJwt,
  createReplayJwt,
  tamperToken,
  decodeUnverified,
  LAB_JWT_HEADER,
  MIN_SECRET_BYTES,
  type LabJwt,
  type LabJwtSync,
} from "./jwt";
export { deriveMilestones } from "./milestones";
