/** Only same-site paths are allowed as a post-sign-in destination (no open redirect). */
export function safeCallback(raw: string | null): string {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return "/";
  return raw;
}
