import { describe, expect, it } from "vitest";
import { z } from "zod";
import { validationError } from "./api";

describe("validationError", () => {
  const Schema = z.object({ name: z.string(), email: z.string().email("email must be an email address") }).strict();
  const error = (input: unknown) => validationError(Schema.safeParse(input).error!, "send a JSON object", input);

  it("says which field is missing, in words a person can act on", () => {
    expect(error({ email: "ada@example.org" })).toMatchObject({ status: 400, message: "name is missing (send a string).", issues: [{ path: "name", message: "is missing (send a string)" }] });
  });
  it("knows a missing field by the input, not by zod's wording: a schema's own type message does not hide it", () => {
    const Minutes = z.object({ lesson: z.object({ minutes: z.number({ error: "minutes must be a number" }) }) });
    const check = (input: unknown) => validationError(Minutes.safeParse(input).error!, "send a JSON object", input);
    expect(check({ lesson: {} }).message).toBe("lesson.minutes is missing (send a number).");
    expect(check({ lesson: { minutes: "ten" } }).message).toBe("Problem with lesson.minutes: minutes must be a number.");
    expect(check({ lesson: { minutes: null } }).message).toBe("Problem with lesson.minutes: minutes must be a number.");
  });
  it("keeps a schema's own message, names unknown fields, and counts the rest", () => {
    expect(error({ name: "Ada", email: "nope", colour: "red" }).message).toBe("Problem with email: email must be an email address (1 more problem listed in issues).");
    expect(error({ name: "Ada", email: "nope", colour: "red" }).issues).toContainEqual({ path: "colour", message: 'unknown field "colour" (remove it)' });
  });
  it("answers a body of the wrong shape with the route's own hint", () => {
    expect(error([1, 2]).message).toBe("Send a JSON object.");
  });
});
