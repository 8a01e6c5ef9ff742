import { z } from "zod";

export const SignUpSchema = z
  .object({
    name: z.string().trim().min(1, "enter your name").max(80, "use at most 80 characters"),
    email: z.string().trim().toLowerCase().max(254).email("enter a valid email address"),
    password: z.string().min(10, "use at least 10 characters").max(200, "use at most 200 characters"),
  })
  .strict();
export type SignUp = z.infer<typeof SignUpSchema>;
