import { z } from "zod";
import { requireRole } from "@/lib/auth/current-user";
import { createClass, listClasses } from "@/lib/classes/service";
import { json, methodNotAllowed, readJsonBody, route } from "@/lib/http/api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const CreateClassSchema = z
  .object({
    name: z.string().trim().min(1, "give the class a name").max(80, "use at most 80 characters"),
    course: z.string().trim().min(1, "pick a course").max(100),
  })
  .strict();

/** Creates a class (instructors and admins). Answers with its id and join code. */
export const POST = route(async (request) => {
  const user = await requireRole("instructor", "admin");
  const input = await readJsonBody(request, CreateClassSchema, '{"name": "Monday group", "course": "scaling-web-apps"}');
  const klass = await createClass(user, input);
  return json(201, { id: klass.id, name: klass.name, course: klass.course, joinCode: klass.joinCode, href: `/dashboard/classes/${klass.id}` });
});

/** The caller's classes (an admin: every class). */
export const GET = route(async () => {
  const user = await requireRole("instructor", "admin");
  const classes = await listClasses(user);
  return json(200, {
    classes: classes.map((c) => ({ id: c.id, name: c.name, course: c.course, joinCode: c.joinCode, learners: c._count.enrollments, createdAt: c.createdAt })),
  });
});
export const PUT = methodNotAllowed("GET, POST");
