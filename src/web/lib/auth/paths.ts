/** Where to go after signing in: only same-origin paths, so `next` cannot redirect off-site. */
export function safeNextPath(next: string | null | undefined, fallback = "/boards"): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) {
    return fallback;
  }
  return next;
}
