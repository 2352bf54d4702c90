/** @jest-environment node */
import { connectionRefused, forwardToApi } from "./forward-to-api";

function upstreamReturning(response: Response) {
  return jest
    .fn<Promise<Response>, [URL | RequestInfo, RequestInit?]>()
    .mockResolvedValue(response);
}

describe("forwardToApi", () => {
  it("forwards method, path, query, body and cookies to the API", async () => {
    const fetchImpl = upstreamReturning(new Response("{}", { status: 201 }));
    const request = new Request("http://web.local/api/v1/boards?limit=5", {
      method: "POST",
      headers: {
        cookie: "tb_access=a; tb_csrf=c",
        "x-csrf-token": "c",
        "content-type": "application/json",
        connection: "keep-alive",
        "accept-encoding": "gzip",
        traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        tracestate: "vendor=browser",
      },
      body: JSON.stringify({ name: "Roadmap" }),
    });

    const response = await forwardToApi(request, {
      apiUrl: "http://api:8000",
      requestId: "req-1",
      fetchImpl,
    });

    expect(response.status).toBe(201);
    const [url, init = {}] = fetchImpl.mock.calls[0]!;
    expect(url.toString()).toBe("http://api:8000/api/v1/boards?limit=5");
    expect(init.method).toBe("POST");
    const sent = new Headers(init.headers);
    expect(sent.get("cookie")).toBe("tb_access=a; tb_csrf=c");
    expect(sent.get("x-csrf-token")).toBe("c");
    expect(sent.get("x-request-id")).toBe("req-1");
    expect(sent.get("x-forwarded-host")).toBe("web.local");
    expect(sent.has("connection")).toBe(false);
    expect(sent.has("accept-encoding")).toBe(false);
    // The browser does not choose the trace the API joins.
    expect(sent.has("traceparent")).toBe(false);
    expect(sent.has("tracestate")).toBe(false);
    expect(await new Response(init.body).text()).toBe('{"name":"Roadmap"}');
  });

  it("sends no body for GET", async () => {
    const fetchImpl = upstreamReturning(new Response("[]"));
    await forwardToApi(new Request("http://web.local/api/v1/boards"), {
      apiUrl: "http://api:8000",
      requestId: "r",
      fetchImpl,
    });
    expect(fetchImpl.mock.calls[0]![1]?.body).toBeUndefined();
  });

  it("keeps every Set-Cookie and drops the decoded encoding", async () => {
    const headers = new Headers({ "content-type": "application/json", "content-encoding": "gzip" });
    headers.append("set-cookie", "tb_access=x; Path=/; HttpOnly");
    headers.append("set-cookie", "tb_refresh=y; Path=/api/v1/auth; HttpOnly");
    const fetchImpl = upstreamReturning(new Response("{}", { status: 200, headers }));

    const response = await forwardToApi(new Request("http://web.local/api/v1/auth/login"), {
      apiUrl: "http://api:8000",
      requestId: "r",
      fetchImpl,
    });

    expect(response.headers.getSetCookie()).toEqual([
      "tb_access=x; Path=/; HttpOnly",
      "tb_refresh=y; Path=/api/v1/auth; HttpOnly",
    ]);
    expect(response.headers.has("content-encoding")).toBe(false);
    expect(response.headers.get("x-request-id")).toBe("r");
  });

  it("streams an event stream without buffering and forbids transforms", async () => {
    const encoder = new TextEncoder();
    let push!: (chunk: string) => void;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        push = (chunk) => controller.enqueue(encoder.encode(chunk));
      },
    });
    const fetchImpl = upstreamReturning(
      new Response(body, { headers: { "content-type": "text/event-stream" } }),
    );

    const response = await forwardToApi(new Request("http://web.local/api/v1/boards/b/events"), {
      apiUrl: "http://api:8000",
      requestId: "r",
      fetchImpl,
    });

    expect(response.headers.get("cache-control")).toBe("no-cache, no-transform");
    const reader = response.body!.getReader();
    push("id: 1\ndata: {}\n\n");
    const first = await reader.read();
    // The first event arrives while the upstream stream is still open.
    expect(new TextDecoder().decode(first.value)).toBe("id: 1\ndata: {}\n\n");
    await reader.cancel();
  });

  it("answers 502 problem+json when the API is unreachable", async () => {
    const onUpstreamError = jest.fn();
    const fetchImpl = jest.fn().mockRejectedValue(new TypeError("fetch failed"));

    const response = await forwardToApi(new Request("http://web.local/api/v1/boards"), {
      apiUrl: "http://api:8000",
      requestId: "r",
      fetchImpl,
      onUpstreamError,
    });

    expect(response.status).toBe(502);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({ status: 502, code: "bad_gateway" });
    expect(onUpstreamError).toHaveBeenCalledWith(expect.any(TypeError), false);
  });

  it("answers 503 problem+json with Retry-After while nothing listens at API_URL", async () => {
    const onUpstreamError = jest.fn();
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8000"), {
      code: "ECONNREFUSED",
    });
    const fetchImpl = jest
      .fn()
      .mockRejectedValue(new TypeError("fetch failed", { cause: refused }));

    const response = await forwardToApi(new Request("http://web.local/api/v1/boards"), {
      apiUrl: "http://127.0.0.1:8000",
      requestId: "r",
      fetchImpl,
      onUpstreamError,
    });

    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.headers.get("retry-after")).toBe("1");
    expect(await response.json()).toMatchObject({ status: 503, code: "api_unavailable" });
    expect(onUpstreamError).toHaveBeenCalledWith(expect.any(TypeError), true);
  });

  it("knows a refused connection when both address families were tried", () => {
    const both = Object.assign(new AggregateError([]), {
      errors: [{ code: "ECONNREFUSED" }, { code: "ECONNREFUSED" }],
    });
    expect(connectionRefused(new TypeError("fetch failed", { cause: both }))).toBe(true);
    expect(
      connectionRefused(new TypeError("fetch failed", { cause: { code: "ECONNRESET" } })),
    ).toBe(false);
    expect(connectionRefused(new Error("no cause"))).toBe(false);
  });

  it("answers 499 without reporting the API when the browser aborted the request", async () => {
    const onUpstreamError = jest.fn();
    const browser = new AbortController();
    const fetchImpl = jest.fn((_url: URL | RequestInfo, init?: RequestInit) => {
      browser.abort();
      return Promise.reject(init?.signal?.reason ?? new Error("no signal passed"));
    });

    const response = await forwardToApi(
      new Request("http://web.local/api/v1/boards", { signal: browser.signal }),
      { apiUrl: "http://api:8000", requestId: "r", fetchImpl, onUpstreamError },
    );

    expect(response.status).toBe(499);
    expect(response.headers.get("x-request-id")).toBe("r");
    expect(onUpstreamError).not.toHaveBeenCalled();
  });

  it("answers 504 problem+json when the API sends no answer in time", async () => {
    const onUpstreamError = jest.fn();
    // Like fetch to a stuck API: nothing until the signal aborts it.
    const fetchImpl = jest.fn(
      (_url: URL | RequestInfo, init?: RequestInit) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
        }),
    );

    const response = await forwardToApi(new Request("http://web.local/api/v1/boards"), {
      apiUrl: "http://api:8000",
      requestId: "r",
      fetchImpl,
      onUpstreamError,
      headersTimeoutMs: 20,
    });

    expect(response.status).toBe(504);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({ status: 504, code: "api_timeout" });
    expect(onUpstreamError).toHaveBeenCalledWith(
      expect.objectContaining({ name: "TimeoutError", message: expect.stringContaining("20 ms") }),
      false,
    );
  });

  it("gives the timeout to the answer's headers only: a stream's body flows on", async () => {
    let signal: AbortSignal | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        setTimeout(() => {
          controller.enqueue(new TextEncoder().encode("id: 1\ndata: late\n\n"));
          controller.close();
        }, 60);
      },
    });
    const fetchImpl = jest.fn((_url: URL | RequestInfo, init?: RequestInit) => {
      signal = init?.signal ?? undefined;
      return Promise.resolve(
        new Response(body, { headers: { "content-type": "text/event-stream" } }),
      );
    });

    const response = await forwardToApi(new Request("http://web.local/api/v1/boards/b/events"), {
      apiUrl: "http://api:8000",
      requestId: "r",
      fetchImpl,
      headersTimeoutMs: 10,
    });

    expect(await response.text()).toBe("id: 1\ndata: late\n\n");
    expect(signal?.aborted).toBe(false);
  });
});
