import { z } from "zod";

/**
 * The components an author may use in MDX, with the props each accepts. The content
 * checker validates every use against this list; components/mdx/ renders them.
 * Keep the two in step (a unit test compares them).
 */
export const ComponentRegistry = {
  Callout: {
    description: "A highlighted aside: a note, a tip or a warning.",
    props: z
      .object({
        type: z.enum(["note", "tip", "warning"]).default("note").describe("The kind of aside; sets its colour, icon and label."),
        title: z.string().optional().describe("A short heading; without it the label is “Note”, “Tip” or “Warning”."),
      })
      .strict(),
    children: true,
    example: '<Callout type="tip" title="Try it">Kill S1 after three requests.</Callout>',
  },
  ScenarioTrace: {
    description:
      "A lab scenario checked at build time: the engine replays the actions and the page shows what happened. The build fails if `expect` is wrong.",
    props: z
      .object({
        strategy: z
          .enum(["memory", "sticky", "store", "jwt"])
          .describe("Where sessions live: in each server's memory, pinned to one server, in a shared store, or in a signed JWT."),
        servers: z.number().int().min(1).max(9).optional().describe("How many servers sit behind the load balancer (S1, S2, …). Default 3."),
        actions: z
          .string()
          .min(1)
          .describe("What happens, separated by “;”: login <user>, request, logout, kill S1, revive S1, tamper, storeDown, storeUp, wait <seconds>."),
        expect: z
          .string()
          .min(1)
          .describe("One outcome per action, separated by spaces: 200, 401 or 503 for login/request/logout, - for the others. The checker replays it."),
        caption: z.string().optional().describe("A sentence under the table saying what the reader should notice."),
      })
      .strict(),
    children: false,
    example: '<ScenarioTrace strategy="sticky" actions="login alice; request; kill S1; request" expect="200 200 - 401" />',
  },
  SessionLab: {
    description: "The live lab: In-memory, Sticky and External store lanes driven by one action log.",
    props: z.object({}).strict(),
    children: false,
    example: "<SessionLab />",
  },
  StateSorter: {
    description: "Sort things a server keeps into “fine in the process” and “must move out”.",
    props: z.object({}).strict(),
    children: false,
    example: "<StateSorter />",
  },
  JwtInspector: {
    description: "Decode the lab's JWT, edit its payload and watch the server reject it.",
    props: z.object({}).strict(),
    children: false,
    example: "<JwtInspector />",
  },
  Quiz: {
    description: "A graded quiz from the module's quiz.yaml; explanations arrive after each answer.",
    props: z.object({ id: z.string().min(1).describe("The `id:` at the top of a module's quiz.yaml.") }).strict(),
    children: false,
    example: '<Quiz id="statelessness-quiz" />',
  },
  UpNext: {
    description: "The next module's card (shown as “Coming soon” while it is upcoming).",
    props: z.object({}).strict(),
    children: false,
    example: "<UpNext />",
  },
} as const;

export type ComponentName = keyof typeof ComponentRegistry;
export const componentNames = Object.keys(ComponentRegistry) as ComponentName[];
