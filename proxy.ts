import path from "node:path";
import { type NextRequest, NextResponse } from "next/server";
import {
  THEME_SCRIPT,
  buildPolicy,
  frameAncestors,
  hashSource,
  newNonce,
  normalisePath,
  oauthFormActions,
  readPrerenderedHashes,
} from "@/lib/security/csp";

/**
 * Runs before every page and API request:
 * - names the instance that served it (`x-served-by`), so a learner can watch their requests move
 *   between instances while they stay signed in (set LECTERN_INSTANCE per instance);
 * - sends the Content-Security-Policy (see lib/security/csp.ts) and, in production, HSTS.
 * Headers that never vary (nosniff, referrer policy…) are in next.config.mjs.
 */
const dev = process.env.NODE_ENV !== "production";
const production = !dev && process.env.LECTERN_LOCAL !== "1";
const themeHash = hashSource(THEME_SCRIPT);
const ancestors = frameAncestors();
const formActions = oauthFormActions();

let prerendered: Map<string, string[]> | undefined;
function prerenderedHashes(pathname: string): string[] | undefined {
  prerendered ??= readPrerenderedHashes(path.join(process.cwd(), process.env.NEXT_DIST_DIR || ".next", "server", "app"));
  return prerendered.get(normalisePath(pathname));
}

const staticPolicies = new Map<string, string | null>();
function prerenderedPolicy(pathname: string): string | undefined {
  const key = normalisePath(pathname);
  let policy = staticPolicies.get(key);
  if (policy === undefined) {
    const hashes = prerenderedHashes(key);
    policy = hashes ? buildPolicy({ scriptSources: hashes, dev, frameAncestors: ancestors, formActions }) : null;
    // Only prerendered paths are remembered, so the map is bounded by the build's pages.
    if (policy) staticPolicies.set(key, policy);
  }
  return policy ?? undefined;
}

export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const instance = process.env.LECTERN_INSTANCE;
  // A broken %-escape would otherwise reach Next's param decoding and come back as a bare 500.
  try {
    decodeURIComponent(pathname);
  } catch {
    const error = "This address has a broken %-escape. Check the link.";
    const headers = { "cache-control": "no-store", ...(instance ? { "x-served-by": instance } : {}) };
    return pathname.startsWith("/api/")
      ? NextResponse.json({ error, issues: [{ path: "", message: "malformed percent-encoding in the path" }] }, { status: 400, headers })
      : new NextResponse(`Bad request. ${error}`, { status: 400, headers: { ...headers, "content-type": "text/plain; charset=utf-8" } });
  }
  if (pathname.startsWith("/api/")) {
    const res = NextResponse.next();
    if (instance) res.headers.set("x-served-by", instance);
    return res;
  }

  // A prerendered page allows exactly its own inline scripts (the theme script among them), with
  // the same policy on every request; anything rendered now gets a nonce. An unknown URL is
  // answered with the prerendered 404 page, which has no nonce: its hashes join every nonce policy.
  const staticPolicy = dev ? undefined : prerenderedPolicy(pathname);
  const nonce = staticPolicy ? undefined : newNonce();
  const policy =
    staticPolicy ??
    buildPolicy({
      scriptSources: [`'nonce-${nonce}'`, themeHash, ...(dev ? [] : (prerenderedHashes("/_not-found") ?? []))],
      dev,
      frameAncestors: ancestors,
      formActions,
    });

  const requestHeaders = new Headers(request.headers);
  if (nonce) requestHeaders.set("content-security-policy", policy);
  const res = NextResponse.next({ request: { headers: requestHeaders } });
  res.headers.set("content-security-policy", policy);
  if (ancestors === "'none'") res.headers.set("x-frame-options", "DENY");
  if (production) res.headers.set("strict-transport-security", "max-age=63072000; includeSubDomains");
  if (instance) res.headers.set("x-served-by", instance);
  return res;
}

export const config = {
  // Not /api: with a proxy in front, Next buffers a request's whole body before the route sees it,
  // so an oversized body could not be refused early. API answers name their instance themselves.
  // API paths with a %-escape still come here, to be checked for broken escapes.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)", "/api/(.*%.*)"],
};
