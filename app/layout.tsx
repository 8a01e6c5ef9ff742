import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { AuthSessionProvider } from "@/components/auth/session-provider";
import { UserMenu } from "@/components/auth/user-menu";
import { ServedByBadge } from "@/components/ui/served-by-badge";
import { ThemeToggle } from "@/components/ui/theme-toggle";
import { site } from "@/config/site";
import { THEME_SCRIPT } from "@/lib/security/theme-script";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: site.name, template: `%s · ${site.name}` },
  description: site.description,
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fbfaf7" },
    { media: "(prefers-color-scheme: dark)", color: "#15171c" },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* Applies the saved theme before first paint; allowed by its hash in the CSP (lib/security/csp.ts). */}
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>
        <AuthSessionProvider>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <div className="site-header__inner">
            <Link href="/" className="brand">
              <span className="brand__mark" aria-hidden="true">
                ❡
              </span>
              {site.name}
            </Link>
            <nav aria-label="Site" className="site-nav">
              <Link href="/">Courses</Link>
              <ThemeToggle />
              <UserMenu />
            </nav>
          </div>
        </header>
        <div id="main" className="site-main" tabIndex={-1}>
          {children}
        </div>
        <footer className="site-footer">
          <ServedByBadge />
          <p>
            {site.name} is open source. Content is checked at build time: every lab scenario in the text is replayed by the
            same engine the lab uses.
          </p>
        </footer>
        </AuthSessionProvider>
      </body>
    </html>
  );
}
