import { z } from "zod";

/**
 * The components an author may use in MDX, with the props each accepts. The content
 * checker validates every use against this list; components/mdx/ renders them.
 * Keep the two in step (a unit test compares them).
 */
export const ComponentRegistry = {
  Callout: {
    description: "A highlighted aside: a note, a tip or a warning.",
    props: z.object({ type: z.enum(["note", "tip", "warning"]).default("note"), title: z.string().optional() }).strict(),
    children: true,
    example: '<Callout type="tip" title="Try it">Kill S1 after three requests.</Callout>',
  },
  ScenarioTrace: {
    description:
      "A lab scenario checked at build time: the engine replays the actions and the page shows what happened. The build fails if `expect` is wrong.",
    props: z
      .object({
        strategy: z.enum(["memory", "sticky", "store", "jwt"]),
        servers: z.number().int().min(1).max(9).optional(),
        actions: z.string().min(1),
        expect: z.string().min(1),
        caption: z.string().optional(),
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
    props: z.object({ id: z.string().min(1) }).strict(),
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
