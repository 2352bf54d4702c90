import * as z from "zod/mini";

import { zBoardPublic, zMemberPublic, zTaskPublic } from "@/lib/api/generated/zod.gen";

// Parsing needs zod and the generated schemas (~25 kB gzip in the browser): the live board loads
// this module when its first event arrives (use-board-events.ts), not with the page.

const zMemberEvent = z.pick(zMemberPublic, {
  user_id: true,
  email: true,
  display_name: true,
  role: true,
});
export type BoardMember = z.output<typeof zMemberEvent>;

const zDeleted = z.object({ id: zTaskPublic.shape.id });

export type BoardEvent =
  | { id: number; type: "task.created" | "task.updated"; task: z.output<typeof zTaskPublic> }
  | { id: number; type: "task.deleted"; taskId: string }
  | { id: number; type: "member.added" | "member.updated" | "member.removed"; member: BoardMember }
  | { id: number; type: "board.updated"; name: string }
  | { id: number; type: "board.deleted" };

/** Parse one SSE message; `undefined` for anything malformed (logged, never applied). */
export function parseBoardEvent(type: string, id: string, data: string): BoardEvent | undefined {
  const eventId = Number(id);
  if (!Number.isSafeInteger(eventId) || eventId < 0) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return undefined;
  }
  switch (type) {
    case "task.created":
    case "task.updated": {
      const task = zTaskPublic.safeParse(json);
      return task.success ? { id: eventId, type, task: task.data } : undefined;
    }
    case "task.deleted": {
      const deleted = zDeleted.safeParse(json);
      return deleted.success ? { id: eventId, type, taskId: deleted.data.id } : undefined;
    }
    case "member.added":
    case "member.updated":
    case "member.removed": {
      const member = zMemberEvent.safeParse(json);
      return member.success ? { id: eventId, type, member: member.data } : undefined;
    }
    case "board.updated": {
      const board = z.pick(zBoardPublic, { name: true }).safeParse(json);
      return board.success ? { id: eventId, type, name: board.data.name } : undefined;
    }
    case "board.deleted":
      return { id: eventId, type };
    default:
      return undefined;
  }
}
