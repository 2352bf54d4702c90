/** @jest-environment node */
import { createSessionFetch } from "./session-fetch";

type Handler = (request: Request) => Response | Promise<Response>;

function fakeServer(handler: Handler) {
  const seen: Request[] = [];
  const fetchImpl = jest.fn(async (input: RequestInfo | URL) => {
    const request = input as Request;
    seen.push(request);
    return handler(request);
  }) as unknown as typeof fetch;
  return { fetchImpl, seen };
}

const cookies = () => "tb_csrf=csrf-1; other=x";

describe("createSessionFetch", () => {
  it("adds the CSRF header to unsafe requests only", async () => {
    const { fetchImpl, seen } = fakeServer(() => new Response("{}"));
    const sessionFetch = createSessionFetch({ fetchImpl, readCookies: cookies });

    await sessionFetch("http://web/api/v1/boards", { method: "POST", body: "{}" });
    await sessionFetch("http://web/api/v1/boards");

    expect(seen[0]!.headers.get("X-CSRF-Token")).toBe("csrf-1");
    expect(seen[1]!.headers.has("X-CSRF-Token")).toBe(false);
  });

  it("refreshes once on 401 and replays the request with its body", async () => {
    let signedIn = false;
    const { fetchImpl, seen } = fakeServer(async (request) => {
      if (request.url.endsWith("/auth/refresh")) {
        signedIn = true;
        return new Response("{}", { status: 200 });
      }
      if (!signedIn) return new Response(null, { status: 401 });
      return new Response(await request.text(), { status: 201 });
    });
    const sessionFetch = createSessionFetch({ fetchImpl, readCookies: cookies });

    const response = await sessionFetch("http://web/api/v1/boards", {
      method: "POST",
      body: '{"name":"x"}',
    });

    expect(response.status).toBe(201);
    expect(await response.text()).toBe('{"name":"x"}');
    expect(seen.map((r) => new URL(r.url).pathname)).toEqual([
      "/api/v1/boards",
      "/api/v1/auth/refresh",
      "/api/v1/boards",
    ]);
    expect(seen[1]!.headers.get("X-CSRF-Token")).toBe("csrf-1");
  });

  it("shares one refresh between concurrent 401s", async () => {
    let refreshes = 0;
    let signedIn = false;
    const { fetchImpl } = fakeServer(async (request) => {
      if (request.url.endsWith("/auth/refresh")) {
        refreshes += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
        signedIn = true;
        return new Response("{}");
      }
      return new Response(null, { status: signedIn ? 200 : 401 });
    });
    const sessionFetch = createSessionFetch({ fetchImpl, readCookies: cookies });

    const results = await Promise.all([
      sessionFetch("http://web/api/v1/boards"),
      sessionFetch("http://web/api/v1/auth/me"),
    ]);

    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(refreshes).toBe(1);
  });

  it("reports an expired session when the refresh fails", async () => {
    const onSessionExpired = jest.fn();
    const { fetchImpl } = fakeServer(() => new Response(null, { status: 401 }));
    const sessionFetch = createSessionFetch({ fetchImpl, readCookies: cookies, onSessionExpired });

    const response = await sessionFetch("http://web/api/v1/boards");

    expect(response.status).toBe(401);
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
  });

  it("never refreshes for the auth endpoints themselves", async () => {
    const { fetchImpl, seen } = fakeServer(() => new Response(null, { status: 401 }));
    const sessionFetch = createSessionFetch({ fetchImpl, readCookies: cookies });

    const response = await sessionFetch("http://web/api/v1/auth/login", { method: "POST" });

    expect(response.status).toBe(401);
    expect(seen).toHaveLength(1);
  });
});
