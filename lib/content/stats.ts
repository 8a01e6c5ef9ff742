import type { ModuleEntry } from "./load";

export const moduleMinutes = (mod: ModuleEntry) => mod.chapters.reduce((sum, c) => sum + c.meta.minutes, 0);
