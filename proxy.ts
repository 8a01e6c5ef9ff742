import { NextResponse } from "next/server";

/**
 * Every response names the instance that served it (`x-served-by`), so a learner can watch
 * their requests move between instances while they stay signed in (issue: Lectern passes its
 * own lab). Set LECTERN_INSTANCE per instance; unset, nothing is added.
 */
export function proxy() {
  const res = NextResponse.next();
  const instance = process.env.LECTERN_INSTANCE;
  if (instance) res.headers.set("x-served-by", instance);
  return res;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
