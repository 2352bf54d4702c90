/**
 * The event names of the board stream (the API's outbox `EventType`). OpenAPI cannot describe
 * SSE event payloads, so the names are listed here; every payload is still validated with the
 * generated schemas of the objects it carries (`./events`). No zod here: subscribing needs only
 * the names, and the page loads this module up front.
 */
export const EVENT_TYPES = [
  "task.created",
  "task.updated",
  "task.deleted",
  "member.added",
  "member.updated",
  "member.removed",
  "board.updated",
  "board.deleted",
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
