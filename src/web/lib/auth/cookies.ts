// Cookie names the API sets (taskboard/api/cookies.py). The browser sends them to this origin;
// only the CSRF one is readable by scripts.
export const ACCESS_COOKIE = "tb_access";
export const CSRF_COOKIE = "tb_csrf";
export const CSRF_HEADER = "X-CSRF-Token";

/** Read a cookie from a `document.cookie`-style string. */
export function readCookie(cookieHeader: string, name: string): string | undefined {
  for (const part of cookieHeader.split(";")) {
    const [rawKey, ...rest] = part.trim().split("=");
    if (rawKey === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}
