import { act, renderHook, waitFor } from "@testing-library/react";

import { FakeEventSource } from "@/test-utils/api";
import { BOARD_ID, task } from "@/test-utils/fixtures";

import { useBoardEvents, type BoardEventsOptions } from "./use-board-events";

function setup(overrides: Partial<BoardEventsOptions> = {}) {
  const onEvent = jest.fn();
  const onResync = jest.fn();
  const beforeReconnect = jest.fn().mockResolvedValue(undefined);
  const hook = renderHook((props: Partial<BoardEventsOptions>) =>
    useBoardEvents({
      boardId: BOARD_ID,
      enabled: true,
      onEvent,
      onResync,
      beforeReconnect,
      createEventSource: (url) => new FakeEventSource(url) as unknown as EventSource,
      ...overrides,
      ...props,
    }),
  );
  return { ...hook, onEvent, onResync, beforeReconnect };
}

beforeEach(() => {
  FakeEventSource.reset();
  jest.spyOn(console, "warn").mockImplementation(() => undefined);
});
afterEach(() => jest.useRealTimers());

describe("useBoardEvents", () => {
  it("connects, goes live and resyncs the snapshot on a first connection", () => {
    const { result, onResync } = setup();
    expect(result.current).toBe("connecting");
    expect(FakeEventSource.latest().url).toBe(`/api/v1/boards/${BOARD_ID}/events`);
    act(() => FakeEventSource.latest().open());
    expect(result.current).toBe("live");
    expect(onResync).toHaveBeenCalledTimes(1);
  });

  it("applies each event once, dropping replays and malformed ones", async () => {
    const { onEvent } = setup();
    const es = FakeEventSource.latest();
    const t = task();
    act(() => {
      es.open();
      es.emit("task.created", 7, t);
      es.emit("task.created", 7, t); // replayed after a reconnect
      es.emit("task.updated", 6, { ...t, version: 0 }); // older than the last applied
      es.emit("task.updated", 8, "{broken");
      es.emit("task.updated", 9, { ...t, version: 2 });
    });
    await waitFor(() => expect(onEvent.mock.calls.map(([event]) => event.id)).toEqual([7, 9]));
    expect(console.warn).toHaveBeenCalledWith("ignored malformed board event", "task.updated", "8");
  });

  it("shows a browser-side retry as reconnecting and does not resync after it", () => {
    const { result, onResync } = setup();
    const es = FakeEventSource.latest();
    act(() => {
      es.open();
      es.emit("task.created", 3, task());
      es.drop();
    });
    expect(result.current).toBe("reconnecting");
    act(() => es.open());
    expect(result.current).toBe("live");
    expect(onResync).toHaveBeenCalledTimes(1);
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it("reopens a closed stream from the last event id after a back-off", async () => {
    jest.useFakeTimers();
    const { result, beforeReconnect, onEvent } = setup();
    const first = FakeEventSource.latest();
    act(() => {
      first.open();
      first.emit("task.created", 41, task());
      first.fail();
    });
    expect(first.closed).toBe(true);
    expect(result.current).toBe("reconnecting");
    await act(async () => {
      await jest.advanceTimersByTimeAsync(1000);
    });
    expect(beforeReconnect).toHaveBeenCalled();
    const second = FakeEventSource.latest();
    expect(second).not.toBe(first);
    expect(second.url).toBe(`/api/v1/boards/${BOARD_ID}/events?last_event_id=41`);
    act(() => {
      second.open();
      second.emit("task.created", 41, task()); // already applied
      second.emit("task.created", 42, task());
    });
    await waitFor(() => expect(onEvent.mock.calls.map(([event]) => event.id)).toEqual([41, 42]));
  });

  it("backs off longer after each failure and reconnects at once when back online", async () => {
    jest.useFakeTimers();
    setup();
    act(() => FakeEventSource.latest().fail());
    await act(async () => {
      await jest.advanceTimersByTimeAsync(1000);
    });
    expect(FakeEventSource.instances).toHaveLength(2);
    act(() => FakeEventSource.latest().fail());
    await act(async () => {
      await jest.advanceTimersByTimeAsync(1000);
    });
    expect(FakeEventSource.instances).toHaveLength(2); // now waiting 2 s
    act(() => {
      window.dispatchEvent(new Event("online"));
    });
    expect(FakeEventSource.instances).toHaveLength(3);
  });

  it("closes the stream when disabled or unmounted", () => {
    const { result, rerender, unmount } = setup();
    const es = FakeEventSource.latest();
    rerender({ enabled: false });
    expect(es.closed).toBe(true);
    expect(result.current).toBe("closed");
    unmount();
  });
});
