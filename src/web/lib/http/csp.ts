/** Set by proxy.ts on page requests: the nonce of this response's Content-Security-Policy. */
export const NONCE_HEADER = "x-nonce";

/** 128 random bits, base64: a new one for every page response. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/**
 * The pages' policy. Scripts run only with this response's nonce: Next puts it on its own
 * scripts (it reads the policy from the request headers proxy.ts sets), the root layout gives
 * it to next-themes for the theme script; `'strict-dynamic'` lets those load the chunks they
 * import, and no inline script or handler an attacker injects runs. Everything else comes from this origin only; the browser
 * reaches the API through this origin too (/api/*, SSE included). Development loosens two
 * things that never ship: `'unsafe-eval'`, which React's dev build needs for its call stacks,
 * and inline styles, which `next dev` injects without a nonce (CSS hot reload, its overlay).
 */
export function contentSecurityPolicy(nonce: string, development: boolean): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    development ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  return directives.join("; ");
}
