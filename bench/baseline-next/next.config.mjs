/**
 * The framework's floor for the chapter-page benchmark: a bare Next 16 app with one static page
 * rendering the same chapter's MDX (compiled by bench/baseline-next/prepare.ts). No app shell, no
 * CSS, no client components. Built from the repository root with the root node_modules:
 *   npx tsx bench/baseline-next/prepare.ts && npx next build bench/baseline-next
 */
/** @type {import('next').NextConfig} */
export default {
  reactStrictMode: true,
  poweredByHeader: false,
  distDir: process.env.BASELINE_DIST_DIR || ".next",
  typescript: { ignoreBuildErrors: true },
};
