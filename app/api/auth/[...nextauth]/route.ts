import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { errorResponse, withServedBy } from "@/lib/http/api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A URL the client sent (a `callbackUrl` such as "1.5" in a body or cookie, a junk Host) that next-auth v4 cannot parse. */
function isClientUrlError(e: unknown): boolean {
  return e instanceof TypeError && (e as { code?: string }).code === "ERR_INVALID_URL";
}

/** next-auth's own test for a callback URL: a path, or an absolute http(s) URL. */
function isValidCallbackUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value, value.startsWith("/") ? "http://localhost" : undefined).protocol);
  } catch {
    return false;
  }
}

/**
 * next-auth v4 answers an unusable callback URL in the query or in its callback-url cookie with a
 * 500 ("server configuration"). It is the client's input: refuse it with a 400, and expire a bad
 * cookie so the next sign-in works.
 */
function badCallbackUrl(req: Request): Response | null {
  const query = new URL(req.url).searchParams.get("callbackUrl");
  if (query !== null && !isValidCallbackUrl(query)) return errorResponse(400, "The callbackUrl parameter is not valid: use a path such as /learn.");
  for (const part of (req.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    const name = part.slice(0, eq).trim();
    if (eq < 0 || !name.endsWith("next-auth.callback-url")) continue;
    let value = part.slice(eq + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      // keep it raw
    }
    if (!isValidCallbackUrl(value)) {
      const secure = name.startsWith("__Secure-") ? "; Secure" : "";
      return errorResponse(400, "The sign-in callback cookie was not valid and has been cleared; please try again.", [], {
        "set-cookie": `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure}`,
      });
    }
  }
  return null;
}

async function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  // next-auth v4 reads params synchronously; Next 16 hands them over as a promise.
  const params = await ctx.params;
  const refused = badCallbackUrl(req);
  if (refused) return refused;
  try {
    return withServedBy(await NextAuth(authOptions())(req, { params }));
  } catch (e) {
    // next-auth v4 throws on a callback URL that is neither a path nor an absolute URL: the
    // client's mistake, so a 400 rather than a 500 (found by tests/e2e/security-bad-input.spec.ts).
    if (isClientUrlError(e)) {
      console.error(`[auth] ${req.method}: refused an unparseable URL from the client`);
      return errorResponse(400, "The callback URL is not valid: send a path such as /learn or an absolute URL of this site.");
    }
    throw e;
  }
}
export { handler as GET, handler as POST };
