import "server-only";
import { db } from "@/lib/db";
import { upsertWithRetry } from "@/lib/db-race";
import { deriveMilestones, type Action } from "@/lib/sim";

/** Replays the log on the server and stores each milestone once (the first run that reached it). */
export async function recordLabMilestones(userId: string | null, lab: string, servers: number, actions: Action[]) {
  const reached = deriveMilestones(actions, servers);
  if (userId && reached.length) {
    const log = JSON.stringify({ servers, actions });
    for (const milestone of reached) {
      const upsert = () =>
        db.labMilestone.upsert({
          where: { userId_lab_milestone: { userId, lab, milestone } },
          create: { userId, lab, milestone, actions: log },
          update: {},
        });
      // Two lab requests at once may race to insert the same milestone: the loser retries as an update.
      await upsertWithRetry(upsert);
    }
  }
  return reached;
}
