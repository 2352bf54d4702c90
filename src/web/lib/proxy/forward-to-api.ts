import { REQUEST_ID_HEADER } from "@/lib/http/request-id";

// RFC 9110 section 7.6.1 connection-specific headers, plus ones the fetch layer recomputes.
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
]);

// Not forwarded either: fetch decodes the answer itself, and the trace context the API sees is
// the web server's own (set by the fetch instrumentation, lib/telemetry.ts), never one a browser
// chose.
const NOT_FORWARDED = new Set(["accept-encoding", "traceparent", "tracestate", "baggage"]);

/** How long the API may take to start answering (its status and headers). The body then
 * flows for as long as it lasts: an event stream stays open for hours. */
export const API_HEADERS_TIMEOUT_MS = 30_000;

export interface ForwardOptions {
  apiUrl: string;
  requestId: string;
  fetchImpl?: typeof fetch;
  headersTimeoutMs?: number;
  /** `refused`: nothing listens at API_URL (starting, restarting or stopped), not a fault. */
  onUpstreamError?: (error: unknown, refused: boolean) => void;
}

// Nothing listens at API_URL: the API is starting, restarting (a reload in development, a
// rolling update) or down. 503 with Retry-After says "come back", not "the gateway broke".
const NOT_LISTENING = {
  status: 503,
  title: "Service Unavailable",
  detail: "The API is not answering yet (starting or restarting). Try again in a moment.",
  code: "api_unavailable",
  headers: { "retry-after": "1" },
};
// The API took the connection but sent no answer in time (stuck, or overloaded).
const TIMED_OUT = {
  status: 504,
  title: "Gateway Timeout",
  detail: "The API did not answer in time. Try again in a moment.",
  code: "api_timeout",
  headers: {},
};
// Anything else between the web server and the API (a reset, a DNS failure).
const UNREACHABLE = {
  status: 502,
  title: "Bad Gateway",
  detail: "The API is unreachable. Try again in a moment.",
  code: "bad_gateway",
  headers: {},
};

function problem(
  requestId: string,
  what: typeof NOT_LISTENING | typeof TIMED_OUT | typeof UNREACHABLE,
): Response {
  const { headers, ...body } = what;
  return Response.json(
    { type: "about:blank", ...body },
    {
      status: what.status,
      headers: {
        ...headers,
        "content-type": "application/problem+json",
        [REQUEST_ID_HEADER]: requestId,
      },
    },
  );
}

/** Node's fetch says "fetch failed"; the cause (or, with both address families, each of its
 * errors) carries the socket's code. */
export function connectionRefused(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown; errors?: { code?: unknown }[] } }).cause;
  return [cause, ...(cause?.errors ?? [])].some((e) => e?.code === "ECONNREFUSED");
}

/**
 * Forward one request to the API on the same path and stream the answer back untouched:
 * bodies are never buffered (SSE passes through live), every Set-Cookie is kept, and the
 * request id travels both ways.
 */
export async function forwardToApi(request: Request, options: ForwardOptions): Promise<Response> {
  const {
    apiUrl,
    requestId,
    fetchImpl = fetch,
    headersTimeoutMs = API_HEADERS_TIMEOUT_MS,
  } = options;
  const incoming = new URL(request.url);
  const target = new URL(`${incoming.pathname}${incoming.search}`, apiUrl);

  const headers = new Headers();
  request.headers.forEach((value, key) => {
    // The fetch layer negotiates (and decodes) its own encoding with the API.
    if (!HOP_BY_HOP.has(key) && !NOT_FORWARDED.has(key)) headers.set(key, value);
  });
  headers.set(REQUEST_ID_HEADER, requestId);
  headers.set("x-forwarded-host", incoming.host);
  headers.set("x-forwarded-proto", incoming.protocol.replace(":", ""));

  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  const headersDue = new AbortController();
  const timer = setTimeout(() => {
    const reason = `the API sent no answer within ${headersTimeoutMs} ms`;
    headersDue.abort(new DOMException(reason, "TimeoutError"));
  }, headersTimeoutMs);
  let upstream: Response;
  try {
    upstream = await fetchImpl(target, {
      method: request.method,
      headers,
      body: hasBody ? request.body : undefined,
      redirect: "manual",
      signal: AbortSignal.any([request.signal, headersDue.signal]),
      cache: "no-store",
      // Needed by Node's fetch to send a streamed request body.
      ...(hasBody ? { duplex: "half" } : {}),
    } as RequestInit);
  } catch (error) {
    if (request.signal.aborted) {
      // The browser went away (a navigation, a closed tab) and aborted the forward with it:
      // nothing is wrong with the API and nobody reads this answer. 499 is nginx's code for it.
      return new Response(null, { status: 499, headers: { [REQUEST_ID_HEADER]: requestId } });
    }
    if (headersDue.signal.aborted) {
      options.onUpstreamError?.(error, false);
      return problem(requestId, TIMED_OUT);
    }
    const refused = connectionRefused(error);
    options.onUpstreamError?.(error, refused);
    return problem(requestId, refused ? NOT_LISTENING : UNREACHABLE);
  } finally {
    clearTimeout(timer);
  }

  const responseHeaders = new Headers();
  upstream.headers.forEach((value, key) => {
    // fetch already decoded the body, so its encoding and length no longer apply.
    if (!HOP_BY_HOP.has(key) && key !== "content-encoding" && key !== "set-cookie") {
      responseHeaders.set(key, value);
    }
  });
  for (const cookie of upstream.headers.getSetCookie())
    responseHeaders.append("set-cookie", cookie);
  responseHeaders.set(REQUEST_ID_HEADER, upstream.headers.get(REQUEST_ID_HEADER) ?? requestId);
  if (responseHeaders.get("content-type")?.startsWith("text/event-stream")) {
    // Next compresses responses unless told not to; compression would hold events back.
    responseHeaders.set("cache-control", "no-cache, no-transform");
    responseHeaders.set("x-accel-buffering", "no");
  }

  return new Response(upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: responseHeaders,
  });
}
