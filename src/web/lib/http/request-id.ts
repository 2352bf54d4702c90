export const REQUEST_ID_HEADER = "x-request-id";
/** Set by proxy.ts on page requests: the path and query being rendered. */
export const PATH_HEADER = "x-taskboard-path";

// Accept a caller's id (e.g. from Traefik) only if it is short and harmless in logs.
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The incoming request id if it is safe to propagate, otherwise a fresh UUID. */
export function requestIdFrom(headers: Headers): string {
  const incoming = headers.get(REQUEST_ID_HEADER);
  return incoming && SAFE_ID.test(incoming) ? incoming : crypto.randomUUID();
}
