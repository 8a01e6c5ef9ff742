/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Compiled at build time on the server only; keep them out of the bundler.
  serverExternalPackages: ["@mdx-js/mdx", "shiki", "@shikijs/rehype", "better-sqlite3", "@prisma/adapter-better-sqlite3"],
  // The content checker and engine tests run outside Next; the build's type check is `npm run typecheck`.
  typedRoutes: false,
};

export default nextConfig;
