import type { NextRequest } from "next/server";

import { serverEnv } from "@/lib/env/server";
import { REQUEST_ID_HEADER, requestIdFrom } from "@/lib/http/request-id";
import { forRequest } from "@/lib/logger";
import { recordProxyOutcome } from "@/lib/metrics";
import { forwardToApi } from "@/lib/proxy/forward-to-api";

// The browser's only door to FastAPI: same origin, first-party cookies, streaming both ways.
export const dynamic = "force-dynamic";

async function handler(request: NextRequest): Promise<Response> {
  const requestId = request.headers.get(REQUEST_ID_HEADER) ?? requestIdFrom(request.headers);
  const log = forRequest(requestId);
  const started = performance.now();
  let unreachable = false;
  const response = await forwardToApi(request, {
    apiUrl: serverEnv().API_URL,
    requestId,
    onUpstreamError: (error, refused) => {
      unreachable = true;
      // Refused is a state (the API is starting or down), said in one line; anything else is a
      // fault worth its stack.
      if (refused) log.warn({ api: serverEnv().API_URL }, "API not answering: connection refused");
      else log.error({ err: error }, "API unreachable");
    },
  });
  recordProxyOutcome(response.status, unreachable);
  log.info(
    {
      method: request.method,
      path: request.nextUrl.pathname,
      status: response.status,
      duration_ms: Math.round(performance.now() - started),
    },
    "proxied to API",
  );
  return response;
}

export {
  handler as DELETE,
  handler as GET,
  handler as HEAD,
  handler as PATCH,
  handler as POST,
  handler as PUT,
};
