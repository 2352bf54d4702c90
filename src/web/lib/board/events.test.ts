import { ME, task } from "@/test-utils/fixtures";

import { parseBoardEvent } from "./events";

describe("parseBoardEvent", () => {
  it("parses task events with the generated schema", () => {
    const t = task();
    expect(parseBoardEvent("task.updated", "12", JSON.stringify(t))).toEqual({
      id: 12,
      type: "task.updated",
      task: t,
    });
    expect(
      parseBoardEvent("task.deleted", "13", JSON.stringify({ id: t.id, board_id: "x" })),
    ).toEqual({
      id: 13,
      type: "task.deleted",
      taskId: t.id,
    });
  });

  it("accepts timestamps with a numeric offset, as events stored by older API versions carry them", () => {
    const t = task({
      created_at: "2026-11-26T14:08:56.751647+00:00",
      updated_at: "2026-11-26T14:08:56+00:00",
    });
    expect(parseBoardEvent("task.created", "3", JSON.stringify(t))).toMatchObject({
      id: 3,
      task: t,
    });
  });

  it("parses member and board events", () => {
    const member = {
      board_id: "b",
      user_id: ME,
      email: "e@x.io",
      display_name: "E",
      role: "viewer",
    };
    expect(parseBoardEvent("member.added", "1", JSON.stringify(member))).toEqual({
      id: 1,
      type: "member.added",
      member: { user_id: ME, email: "e@x.io", display_name: "E", role: "viewer" },
    });
    expect(parseBoardEvent("board.updated", "2", JSON.stringify({ id: "b", name: "N" }))).toEqual({
      id: 2,
      type: "board.updated",
      name: "N",
    });
    expect(parseBoardEvent("board.deleted", "3", "{}")).toEqual({ id: 3, type: "board.deleted" });
  });

  it.each([
    ["task.updated", "1", "{not json"],
    ["task.updated", "1", JSON.stringify({ title: "missing fields" })],
    ["task.updated", "x", JSON.stringify(task())],
    ["task.updated", "-1", JSON.stringify(task())],
    ["task.deleted", "1", "{}"],
    ["member.added", "1", "{}"],
    ["board.updated", "1", "{}"],
    ["something.else", "1", "{}"],
  ])("rejects %s id=%s %s", (type, id, data) => {
    expect(parseBoardEvent(type, id, data)).toBeUndefined();
  });
});
