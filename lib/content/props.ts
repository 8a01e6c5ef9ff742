import { z } from "zod";
import { ComponentRegistry, type ComponentName } from "./registry";

/** One row of a component's props table, derived from its zod schema (the same one the checker uses). */
export interface PropRow {
  name: string;
  type: string;
  required: boolean;
  default?: string;
  description?: string;
}

interface JsonSchemaProp {
  type?: string;
  enum?: unknown[];
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
}

function typeOf(p: JsonSchemaProp): string {
  if (p.enum) return p.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (p.type === "integer" || p.type === "number") {
    const kind = p.type === "integer" ? "whole number" : "number";
    if (p.minimum !== undefined && p.maximum !== undefined) return `${kind}, ${p.minimum}–${p.maximum}`;
    if (p.minimum !== undefined) return `${kind}, at least ${p.minimum}`;
    return kind;
  }
  if (p.type === "string") return p.minLength ? "text (not empty)" : "text";
  return p.type ?? "any";
}

export function propRows(name: ComponentName): PropRow[] {
  const schema = z.toJSONSchema(ComponentRegistry[name].props, { io: "input" }) as {
    properties?: Record<string, JsonSchemaProp>;
    required?: string[];
  };
  return Object.entries(schema.properties ?? {}).map(([prop, p]) => ({
    name: prop,
    type: typeOf(p),
    required: schema.required?.includes(prop) ?? false,
    default: p.default === undefined ? undefined : JSON.stringify(p.default),
    description: p.description,
  }));
}
