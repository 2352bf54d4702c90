/** @jest-environment node */
import { notFound, redirect } from "next/navigation";

import { authMe, boardsGet, tasksList } from "@/lib/api/generated/sdk.gen";
import { fail, ok } from "@/test-utils/api";
import { BOARD_ID, task } from "@/test-utils/fixtures";

import { getBoard, getMe, listAllTasks } from "./server";

jest.mock("server-only", () => ({}));
jest.mock("@/lib/logger", () => ({ forRequest: () => ({ error: jest.fn() }) }));
jest.mock("@/lib/api/generated/sdk.gen");

const cookieJar = new Map<string, string>();
jest.mock("next/headers", () => ({
  cookies: async () => ({
    toString: () => [...cookieJar].map(([k, v]) => `${k}=${v}`).join("; "),
    has: (name: string) => cookieJar.has(name),
  }),
  headers: async () =>
    new Headers({ "x-request-id": "req-7", "x-taskboard-path": "/boards/x?tab=1" }),
}));
jest.mock("next/navigation", () => ({
  redirect: jest.fn((url: string) => {
    throw new Error(`redirect:${url}`);
  }),
  notFound: jest.fn(() => {
    throw new Error("not-found");
  }),
}));

beforeEach(() => {
  jest.clearAllMocks();
  cookieJar.clear();
  cookieJar.set("tb_access", "token");
});

describe("server API reads", () => {
  it("call the API with the visitor's cookies and the request id", async () => {
    jest.mocked(authMe).mockReturnValue(ok({ id: "u1" }) as never);
    await expect(getMe()).resolves.toEqual({ id: "u1" });
    const { client } = jest.mocked(authMe).mock.calls[0]![0]!;
    const config = client!.getConfig();
    expect(config.baseUrl).toBe("http://127.0.0.1:8000");
    expect(new Headers(config.headers as HeadersInit).get("cookie")).toBe("tb_access=token");
    expect(new Headers(config.headers as HeadersInit).get("x-request-id")).toBe("req-7");
    // Every read of the render shares one deadline (API_READS_TIMEOUT_MS).
    expect(config.signal).toBeInstanceOf(AbortSignal);
    expect(config.signal!.aborted).toBe(false);
  });

  it("turn an API that does not answer into the error page, logged", async () => {
    jest
      .mocked(boardsGet)
      .mockReturnValue(Promise.reject(new DOMException("timed out", "TimeoutError")) as never);
    await expect(getBoard(BOARD_ID)).rejects.toThrow(
      "Could not load board (the API did not answer)",
    );
  });

  it("follow the task cursor to the end", async () => {
    const [a, b] = [task(), task()];
    jest
      .mocked(tasksList)
      .mockReturnValueOnce(ok({ items: [a], next_cursor: "c1" }) as never)
      .mockReturnValueOnce(ok({ items: [b], next_cursor: null }) as never);
    await expect(listAllTasks(BOARD_ID)).resolves.toEqual([a, b]);
    expect(jest.mocked(tasksList).mock.calls[1]![0].query).toEqual({ limit: 100, cursor: "c1" });
  });

  it("send a 401 to the resume page when a session may be refreshed, else to sign in", async () => {
    jest.mocked(boardsGet).mockReturnValue(fail(401) as never);
    cookieJar.set("tb_csrf", "c");
    await expect(getBoard("b1")).rejects.toThrow("redirect:/resume?next=%2Fboards%2Fx%3Ftab%3D1");
    cookieJar.delete("tb_csrf");
    await expect(getBoard("b2")).rejects.toThrow("redirect:/sign-in?next=");
    expect(redirect).toHaveBeenCalledTimes(2);
  });

  it("show 404 for boards the visitor cannot see, and throw on other failures", async () => {
    jest.mocked(boardsGet).mockReturnValueOnce(fail(404) as never);
    await expect(getBoard("b3")).rejects.toThrow("not-found");
    expect(notFound).toHaveBeenCalled();
    jest.mocked(boardsGet).mockReturnValueOnce(fail(500) as never);
    await expect(getBoard("b4")).rejects.toThrow("Could not load board (status 500)");
  });
});
