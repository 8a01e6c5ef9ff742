import { describe, expect, it } from "vitest";
import { z } from "zod";
import { safeParseInput, validationError } from "./api";

describe("validationError", () => {
  const Schema = z.object({ name: z.string(), email: z.string().email("email must be an email address") }).strict();
  const error = (input: unknown) => validationError(safeParseInput(Schema, input).error!, "send a JSON object");

  it("says which field is missing, in words a person can act on", () => {
    expect(error({ email: "ada@example.org" })).toMatchObject({ status: 400, message: "name is missing (send a string).", issues: [{ path: "name", message: "is missing (send a string)" }] });
  });
  it("knows a missing field by the input, not by zod's wording; a schema's own wording wins", () => {
    const Lesson = z.object({ lesson: z.object({ minutes: z.number(), title: z.string({ error: "give the lesson a title" }) }) });
    const check = (input: unknown) => validationError(safeParseInput(Lesson, input).error!, "send a JSON object");
    expect(check({ lesson: { title: "One" } }).message).toBe("lesson.minutes is missing (send a number).");
    // There but wrong (null included): zod's own words about the type, not "missing".
    expect(check({ lesson: { minutes: "ten", title: "One" } }).message).toMatch(/^Problem with lesson\.minutes: (?!.*missing).*number/);
    expect(check({ lesson: { minutes: null, title: "One" } }).message).toMatch(/^Problem with lesson\.minutes: (?!.*missing).*number/);
    expect(check({ lesson: { minutes: 10 } }).message).toBe("Problem with lesson.title: give the lesson a title.");
    // Whatever zod's own wording: under another locale a missing field is still "missing".
    z.config(z.locales.fr());
    try {
      expect(check({ lesson: { title: "One" } }).message).toBe("lesson.minutes is missing (send a number).");
    } finally {
      z.config(z.locales.en());
    }
  });
  it("keeps a schema's own message, names unknown fields, and counts the rest", () => {
    expect(error({ name: "Ada", email: "nope", colour: "red" }).message).toBe("Problem with email: email must be an email address (1 more problem listed in issues).");
    expect(error({ name: "Ada", email: "nope", colour: "red" }).issues).toContainEqual({ path: "colour", message: 'unknown field "colour" (remove it)' });
  });
  it("answers a body of the wrong shape with the route's own hint", () => {
    expect(error([1, 2]).message).toBe("Send a JSON object.");
  });
});
