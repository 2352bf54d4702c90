"use client";

import { useEffect, useRef, useState } from "react";

import { EVENT_TYPES } from "./event-types";
import type * as Events from "./events";
import type { BoardEvent } from "./events";

export type ConnectionStatus = "connecting" | "live" | "reconnecting" | "closed";

export interface BoardEventsOptions {
  boardId: string;
  /** False once the stream has nothing more to say (board deleted, membership removed). */
  enabled: boolean;
  onEvent: (event: BoardEvent) => void;
  /** Called when a connection opens with no event id to resume from: reload the snapshot. */
  onResync: () => void;
  /** Before reopening a stream the server closed (e.g. the access token expired). */
  beforeReconnect?: () => Promise<unknown>;
  createEventSource?: (url: string) => EventSource;
}

const MAX_BACKOFF_MS = 30_000;

// The payload parser (zod and the generated schemas) is fetched with the first event, not with
// the page: most visits to a board see few or no changes by others.
let parser: Promise<typeof Events> | undefined;
const loadParser = () => (parser ??= import("./events"));
// EventSource.readyState values (spelled out: the constructor is absent outside browsers).
const CONNECTING = 0;
const CLOSED = 2;

/**
 * The board's live event stream. Every event is applied exactly once: ids only grow, so an
 * event at or below the last applied id is a replay and is dropped. The browser resumes a
 * dropped connection itself (sending Last-Event-ID); when the server closed the stream for
 * good, this reopens it with `?last_event_id=` after a growing delay.
 */
export function useBoardEvents({
  boardId,
  enabled,
  onEvent,
  onResync,
  beforeReconnect,
  createEventSource = (url) => new EventSource(url),
}: BoardEventsOptions): ConnectionStatus {
  const [status, setStatus] = useState<ConnectionStatus>("connecting");
  const lastId = useRef<number | undefined>(undefined);
  const handlers = useRef({ onEvent, onResync, beforeReconnect, createEventSource });
  useEffect(() => {
    handlers.current = { onEvent, onResync, beforeReconnect, createEventSource };
  });

  useEffect(() => {
    if (!enabled) return;
    let source: EventSource | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let stopped = false;
    let applied = Promise.resolve();

    const connect = () => {
      const resumeFrom = lastId.current;
      const query = resumeFrom === undefined ? "" : `?last_event_id=${resumeFrom}`;
      const es = handlers.current.createEventSource(
        `/api/v1/boards/${encodeURIComponent(boardId)}/events${query}`,
      );
      source = es;
      // Whether this stream has delivered an event: the browser's own retries then resume
      // from it (Last-Event-ID), even before the event has been parsed and applied.
      let heard = false;

      es.onopen = () => {
        attempt = 0;
        setStatus("live");
        // Without a resume point the stream starts "from now": the snapshot may be older.
        if (resumeFrom === undefined && !heard) handlers.current.onResync();
      };
      const onMessage = ({ type, lastEventId, data }: MessageEvent<string>) => {
        heard = true;
        // Chained, so events are applied in the order they arrived while the parser loads.
        applied = applied.then(async () => {
          const { parseBoardEvent } = await loadParser();
          if (stopped) return;
          const event = parseBoardEvent(type, lastEventId, data);
          if (!event) {
            console.warn("ignored malformed board event", type, lastEventId);
            return;
          }
          if (lastId.current !== undefined && event.id <= lastId.current) return;
          lastId.current = event.id;
          handlers.current.onEvent(event);
        });
        applied = applied.catch((error: unknown) => {
          // The parser could not be fetched (offline?): this event is lost, so re-read the
          // snapshot, and try the parser again with the next event.
          console.warn("board event not applied", error);
          parser = undefined;
          if (!stopped) handlers.current.onResync();
        });
      };
      for (const type of EVENT_TYPES) es.addEventListener(type, onMessage);

      es.onerror = () => {
        if (stopped) return;
        if (es.readyState === CONNECTING) {
          // The browser is already retrying and will send Last-Event-ID itself.
          setStatus("reconnecting");
          return;
        }
        es.close();
        setStatus("reconnecting");
        const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt);
        attempt += 1;
        timer = setTimeout(async () => {
          await handlers.current.beforeReconnect?.().catch(() => undefined);
          if (!stopped) connect();
        }, delay);
      };
    };

    const reconnectNow = () => {
      if (source?.readyState !== CLOSED) return;
      clearTimeout(timer);
      attempt = 0;
      connect();
    };

    connect();
    window.addEventListener("online", reconnectNow);
    return () => {
      stopped = true;
      clearTimeout(timer);
      window.removeEventListener("online", reconnectNow);
      source?.close();
    };
  }, [boardId, enabled]);

  return enabled ? status : "closed";
}
