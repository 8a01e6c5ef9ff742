import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { z } from "zod";
import { db } from "@/lib/db";
import { isProduction, serverEnv } from "@/lib/env";
import { verifyPassword } from "./password";
import { finishSignIn, limitMessage, startSignIn } from "./rate-limit";
import { createAuthSession, loadAuthSession, revokeSession, SESSION_MAX_AGE_S } from "./sessions";

const CredentialsSchema = z.object({ email: z.string().trim().toLowerCase().email().max(254), password: z.string().min(1).max(200) });

/**
 * The client's address as the load balancer saw it: the last X-Forwarded-For entry, which the
 * proxy in front of Lectern appends (HAProxy `option forwardfor`, nginx `$proxy_add_x_forwarded_for`).
 * Without a proxy there is no address: then only the per-account limit applies, rather than one
 * shared "unknown" bucket that would let anyone lock everybody out.
 */
function clientIp(headers: Record<string, unknown> | undefined): string | null {
  const fwd = String(headers?.["x-forwarded-for"] ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  return fwd.at(-1) ?? null;
}

// next-auth v4 derives its URL from the request when the host is trusted; Lectern runs
// behind any load balancer on any port, so it trusts the Host / X-Forwarded-Host header.
process.env.AUTH_TRUST_HOST ??= "true";

const secure = isProduction() && process.env.LECTERN_INSECURE_COOKIES !== "1";
/** The session cookie (a next-auth JWT holding the id of a server-side AuthSession row). */
export const SESSION_COOKIE = secure ? "__Host-lectern.session" : "lectern.session";

export function authOptions(): NextAuthOptions {
  const env = serverEnv();
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const parsed = CredentialsSchema.safeParse(credentials);
        if (!parsed.success) throw new Error("Enter your email address and password.");
        const { email, password } = parsed.data;
        const ip = clientIp(req.headers);
        const { limit, id } = await startSignIn(email, ip);
        if (limit.limited) throw new Error(limitMessage(limit));
        const user = await db.user.findUnique({ where: { email } });
        const ok = !!user?.passwordHash && (await verifyPassword(password, user.passwordHash));
        await finishSignIn(email, ip, id, ok);
        if (!ok || !user) throw new Error("That email and password do not match an account.");
        return { id: user.id, email: user.email, name: user.name, role: user.role };
      },
    }),
  ];
  if (env.GITHUB_ID && env.GITHUB_SECRET) providers.push(GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET }));
  if (env.GOOGLE_ID && env.GOOGLE_SECRET) providers.push(GoogleProvider({ clientId: env.GOOGLE_ID, clientSecret: env.GOOGLE_SECRET }));

  return {
    secret: env.AUTH_SECRET,
    providers,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: "/signin", error: "/signin" },
    useSecureCookies: secure,
    cookies: {
      sessionToken: {
        name: SESSION_COOKIE,
        options: { httpOnly: true, sameSite: "lax", path: "/", secure },
      },
    },
    logger: {
      // Never log tokens or credentials; keep the error code only.
      error: (code) => console.error(`[auth] ${code}`),
      warn: () => {},
      debug: () => {},
    },
    events: {
      // Signing out ends the server-side session too, so a copied cookie stops working at once
      // (not only when it expires).
      async signOut({ token }) {
        if (typeof token?.sid === "string") await revokeSession(token.sid);
      },
    },
    callbacks: {
      async signIn({ user, account }) {
        if (account?.provider === "credentials") return true;
        if (!account) return false;
        // OAuth. An account linked before signs in as its user. A new one creates a learner. It is
        // never linked to an existing user by email alone: the provider's email may be unverified,
        // and linking would hand that user (perhaps an admin with a password) to whoever controls
        // the provider account. As next-auth's own adapters do, refuse with OAuthAccountNotLinked.
        const key = { provider: account.provider, providerAccountId: account.providerAccountId };
        const linked = await db.account.findUnique({ where: { provider_providerAccountId: key }, select: { userId: true } });
        if (linked) {
          (user as { id: string }).id = linked.userId;
          return true;
        }
        const email = user.email?.toLowerCase();
        if (!email) return "/signin?error=OAuthNoEmail";
        if (await db.user.findUnique({ where: { email }, select: { id: true } })) return "/signin?error=OAuthAccountNotLinked";
        const created = await db.user.create({
          data: { email, name: user.name ?? email, role: "learner", accounts: { create: { ...key, type: account.type } } },
        });
        (user as { id: string }).id = created.id;
        return true;
      },
      async jwt({ token, user }) {
        // On sign-in only: the cookie carries the id of a server-side session row, so the
        // session can be revoked (sign out everywhere) although the cookie is a JWT.
        if (user) {
          const dbUser = await db.user.findUnique({ where: { id: user.id } });
          if (dbUser) {
            token.sub = dbUser.id;
            token.sid = await createAuthSession(dbUser.id);
          }
        }
        return token;
      },
      async session({ session, token }) {
        // What the browser's useSession() sees (GET /api/auth/session). Server code does not come
        // through here: getCurrentUser (current-user.ts) reads the cookie and the row itself, once.
        // A revoked or expired server-side session reads as "signed out" in every browser.
        const row = typeof token.sid === "string" ? await loadAuthSession(token.sid) : null;
        if (!row) return { expires: session.expires } as typeof session;
        return { expires: session.expires, user: { name: row.user.name, email: row.user.email, role: row.user.role } } as typeof session;
      },
    },
  };
}
