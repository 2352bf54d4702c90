import { CSRF_COOKIE, CSRF_HEADER, readCookie } from "@/lib/auth/cookies";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
// Calls that must never trigger (or wait on) a token refresh themselves.
const AUTH_PATHS = /\/api\/v1\/auth\/(login|register|refresh|logout)$/;
const REFRESH_URL = "/api/v1/auth/refresh";

export interface SessionFetchOptions {
  fetchImpl?: typeof fetch;
  readCookies?: () => string;
  onSessionExpired?: () => void;
}

/**
 * A fetch for the browser's API calls: echoes the CSRF cookie on unsafe requests (the API's
 * double-submit check), and when the short-lived access token has expired, rotates it once
 * through /auth/refresh and replays the request. Concurrent 401s share a single refresh.
 */
export function createSessionFetch(options: SessionFetchOptions = {}): typeof fetch {
  const fetchImpl = options.fetchImpl ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const readCookies = options.readCookies ?? (() => document.cookie);
  let refreshing: Promise<boolean> | undefined;

  const withCsrf = (request: Request): Request => {
    if (!UNSAFE.has(request.method)) return request;
    const token = readCookie(readCookies(), CSRF_COOKIE);
    if (!token) return request;
    const headers = new Headers(request.headers);
    headers.set(CSRF_HEADER, token);
    return new Request(request, { headers });
  };

  const refresh = (origin: string): Promise<boolean> => {
    refreshing ??= (async () => {
      try {
        const response = await fetchImpl(
          withCsrf(new Request(new URL(REFRESH_URL, origin), { method: "POST" })),
        );
        return response.ok;
      } catch {
        return false;
      } finally {
        // Let the next expiry (minutes later) refresh again.
        setTimeout(() => (refreshing = undefined), 0);
      }
    })();
    return refreshing;
  };

  return async (input, init) => {
    const request = new Request(input, init);
    const replay = request.clone();
    const response = await fetchImpl(withCsrf(request));
    if (response.status !== 401 || AUTH_PATHS.test(new URL(request.url).pathname)) {
      return response;
    }
    if (!(await refresh(new URL(request.url).origin))) {
      options.onSessionExpired?.();
      return response;
    }
    return fetchImpl(withCsrf(replay));
  };
}
