/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // A separate build folder lets several checkouts' test runs build side by side.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // Metadata (the <title>) goes in <head> for every visitor, never streamed in later: a screen
  // reader announces the page title on load, and axe checks it (streamed titles raced it in CI).
  htmlLimitedBots: /.*/,
  // Compiled at build time on the server only; keep them out of the bundler.
  serverExternalPackages: ["@mdx-js/mdx", "shiki", "@shikijs/rehype", "better-sqlite3", "@prisma/adapter-better-sqlite3"],
  // `npm test` type-checks the whole project (`npm run typecheck`, including tests and bench/);
  // the build does not repeat it, so `npm start` stays quick.
  typescript: { ignoreBuildErrors: true },
  // Security headers that never vary, on every response (pages, API, assets). The CSP, which
  // varies by page, and HSTS, which depends on the runtime environment, are set in proxy.ts.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
