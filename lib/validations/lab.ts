import { z } from "zod";
import { ActionSchema, MAX_ACTIONS, ServerCountSchema, serversExist } from "@/lib/sim/types";

/** POST /api/lab/milestones: the lab's action log, replayed on the server (the browser never claims a milestone). */
export const MilestoneInputSchema = z
  .object({
    lab: z.literal("session-lab"),
    servers: ServerCountSchema.default(3),
    actions: z.array(ActionSchema).max(MAX_ACTIONS),
  })
  .strict()
  .superRefine(serversExist);
