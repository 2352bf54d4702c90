import { BOARD_ID, ME, OTHER, task } from "@/test-utils/fixtures";

import { boardReducer, canEdit, positionAtEnd, tasksIn, type BoardState } from "./board-state";

function state(overrides: Partial<BoardState> = {}): BoardState {
  return {
    name: "Board",
    role: "editor",
    meId: ME,
    tasks: {},
    deleted: {},
    members: [],
    ...overrides,
  };
}

const withTasks = (...tasks: ReturnType<typeof task>[]) =>
  state({ tasks: Object.fromEntries(tasks.map((t) => [t.id, t])) });

describe("boardReducer", () => {
  it("applies a newer version and ignores an older or equal one", () => {
    const v2 = task({ version: 2, title: "v2" });
    let s = withTasks(v2);
    s = boardReducer(s, { type: "task.saved", task: { ...v2, version: 1, title: "v1" } });
    expect(s.tasks[v2.id]?.title).toBe("v2");
    s = boardReducer(s, { type: "task.saved", task: { ...v2, version: 2, title: "same" } });
    expect(s.tasks[v2.id]?.title).toBe("v2");
    s = boardReducer(s, {
      type: "event",
      event: { id: 5, type: "task.updated", task: { ...v2, version: 3, title: "v3" } },
    });
    expect(s.tasks[v2.id]?.title).toBe("v3");
  });

  it("never resurrects a deleted task from a late copy", () => {
    const t = task();
    let s = boardReducer(withTasks(t), {
      type: "event",
      event: { id: 1, type: "task.deleted", taskId: t.id },
    });
    expect(s.tasks[t.id]).toBeUndefined();
    s = boardReducer(s, { type: "task.saved", task: { ...t, version: 9 } });
    expect(s.tasks[t.id]).toBeUndefined();
  });

  it("resyncs: drops tasks known before the request and missing from it, keeps newer ones", () => {
    const kept = task({ version: 3, title: "newer locally" });
    const gone = task();
    const arrivedDuring = task();
    const s = boardReducer(withTasks(kept, gone, arrivedDuring), {
      type: "tasks.synced",
      tasks: [{ ...kept, version: 2, title: "older listing" }, task({ id: "new-one" })],
      knownBefore: [kept.id, gone.id],
    });
    expect(Object.keys(s.tasks).sort()).toEqual([arrivedDuring.id, kept.id, "new-one"].sort());
    expect(s.tasks[kept.id]?.title).toBe("newer locally");
  });

  it("tracks members, my own role and the end of the board", () => {
    const other = {
      user_id: OTHER,
      email: "o@example.com",
      display_name: "O",
      role: "editor" as const,
    };
    const me = {
      user_id: ME,
      email: "me@example.com",
      display_name: "Me",
      role: "viewer" as const,
    };
    let s = boardReducer(state(), {
      type: "event",
      event: { id: 1, type: "member.added", member: other },
    });
    expect(s.members).toEqual([other]);
    s = boardReducer(s, { type: "event", event: { id: 2, type: "member.updated", member: me } });
    expect(s.role).toBe("viewer");
    s = boardReducer(s, { type: "event", event: { id: 3, type: "member.removed", member: other } });
    expect(s.members).toEqual([me]);
    expect(s.ended).toBeUndefined();
    s = boardReducer(s, {
      type: "event",
      event: { id: 4, type: "board.updated", name: "Renamed" },
    });
    expect(s.name).toBe("Renamed");
    expect(
      boardReducer(s, { type: "event", event: { id: 5, type: "member.removed", member: me } })
        .ended,
    ).toBe("removed");
    expect(boardReducer(s, { type: "event", event: { id: 6, type: "board.deleted" } }).ended).toBe(
      "deleted",
    );
  });
});

describe("tasksIn / positionAtEnd", () => {
  it("orders a column by position then id and appends after the last", () => {
    const a = task({ status: "doing", position: 2048, id: "b" });
    const b = task({ status: "doing", position: 1024, id: "c" });
    const c = task({ status: "doing", position: 2048, id: "a" });
    const d = task({ status: "todo", board_id: BOARD_ID });
    const s = withTasks(a, b, c, d);
    expect(tasksIn(s, "doing").map((t) => t.id)).toEqual(["c", "a", "b"]);
    expect(positionAtEnd(s, "doing")).toBe(2048 + 1024);
    expect(positionAtEnd(s, "done")).toBe(1024);
    // The moving task itself does not count.
    expect(positionAtEnd(withTasks(b), "doing", b.id)).toBe(1024);
  });

  it("lets editors and owners edit", () => {
    expect([canEdit("viewer"), canEdit("editor"), canEdit("owner")]).toEqual([false, true, true]);
  });
});
