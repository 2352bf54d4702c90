import { NextResponse, type NextRequest } from "next/server";

import { ACCESS_COOKIE, CSRF_COOKIE } from "@/lib/auth/cookies";
import { contentSecurityPolicy, NONCE_HEADER, newNonce } from "@/lib/http/csp";
import { PATH_HEADER, REQUEST_ID_HEADER, requestIdFrom } from "@/lib/http/request-id";

const PUBLIC_PAGES = ["/sign-in", "/sign-up", "/resume"];

/**
 * Runs before every page and API request: gives the request an id (logs, API, response) and
 * sends visitors without a session to sign in before any server component fetches, and gives
 * each page its Content-Security-Policy with a fresh nonce.
 */
export function proxy(request: NextRequest) {
  const requestId = requestIdFrom(request.headers);
  const { pathname, search } = request.nextUrl;
  const isPage = !pathname.startsWith("/api/") && pathname !== "/healthz";

  if (isPage && !PUBLIC_PAGES.some((p) => pathname === p || pathname.startsWith(`${p}/`))) {
    if (!request.cookies.has(ACCESS_COOKIE)) {
      // The access cookie expires with its token; a CSRF cookie outliving it means a refresh
      // token probably exists (its cookie is scoped to /api/v1/auth, so only the browser can
      // use it): let the resume page try a refresh before asking for a password.
      const target = request.cookies.has(CSRF_COOKIE) ? "/resume" : "/sign-in";
      const url = new URL(target, request.url);
      url.searchParams.set("next", `${pathname}${search}`);
      const redirect = NextResponse.redirect(url);
      redirect.headers.set(REQUEST_ID_HEADER, requestId);
      return redirect;
    }
  }

  const headers = new Headers(request.headers);
  headers.set(REQUEST_ID_HEADER, requestId);
  // Server components learn the page they render from this (e.g. to come back after sign-in).
  headers.set(PATH_HEADER, `${pathname}${search}`);
  let policy: string | undefined;
  if (isPage) {
    // Next reads the nonce from the policy in the request headers and puts it on every script
    // it renders; the root layout reads NONCE_HEADER for next-themes' theme script.
    const nonce = newNonce();
    policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
    headers.set(NONCE_HEADER, nonce);
    headers.set("content-security-policy", policy);
  }
  const response = NextResponse.next({ request: { headers } });
  response.headers.set(REQUEST_ID_HEADER, requestId);
  if (policy) response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)"],
};
