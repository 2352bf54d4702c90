import { act, renderHook, waitFor } from "@testing-library/react";

import { authMe, tasksList } from "@/lib/api/generated/sdk.gen";
import { FakeEventSource, ok } from "@/test-utils/api";
import { BOARD_ID, ME, task } from "@/test-utils/fixtures";

import type { BoardState } from "./board-state";
import { useLiveBoard } from "./use-live-board";

jest.mock("@/lib/api/browser-client", () => ({ browserClient: () => ({}) }));
jest.mock("@/lib/api/generated/sdk.gen");

const held = task({ title: "Held" });
const state = (ended?: BoardState["ended"]): BoardState => ({
  name: "Launch",
  role: "editor",
  meId: ME,
  tasks: { [held.id]: held },
  deleted: {},
  members: [],
  ended,
});

beforeAll(() => {
  Object.defineProperty(window, "EventSource", { value: FakeEventSource, configurable: true });
});
beforeEach(() => {
  jest.clearAllMocks();
  FakeEventSource.reset();
  jest.mocked(authMe).mockReturnValue(ok({}) as never);
});
afterEach(() => jest.useRealTimers());

describe("useLiveBoard", () => {
  it("re-reads the tasks when a first connection opens, naming the ones held before", async () => {
    const fresh = task({ title: "Fresh" });
    jest.mocked(tasksList).mockReturnValue(ok({ items: [fresh], next_cursor: null }) as never);
    const dispatch = jest.fn();
    const { result } = renderHook(() => useLiveBoard(BOARD_ID, state(), dispatch));
    act(() => FakeEventSource.latest().open());
    expect(result.current).toBe("live");
    await waitFor(() =>
      expect(dispatch).toHaveBeenCalledWith({
        type: "tasks.synced",
        tasks: [fresh],
        knownBefore: [held.id],
      }),
    );
  });

  it("refreshes the session before reopening a stream the server closed", async () => {
    jest.useFakeTimers();
    renderHook(() => useLiveBoard(BOARD_ID, state(), jest.fn()));
    act(() => FakeEventSource.latest().fail());
    await act(async () => {
      await jest.advanceTimersByTimeAsync(1000);
    });
    expect(authMe).toHaveBeenCalledTimes(1);
    expect(FakeEventSource.instances).toHaveLength(2);
  });

  it("does not listen to a board that has ended", () => {
    const { result } = renderHook(() => useLiveBoard(BOARD_ID, state("deleted"), jest.fn()));
    expect(result.current).toBe("closed");
    expect(FakeEventSource.instances).toHaveLength(0);
  });
});
