"use client";

import { useCallback, useLayoutEffect, useRef, type Dispatch } from "react";

import { browserSdk } from "@/lib/api/browser-sdk";

import type { BoardAction, BoardState } from "./board-state";
import type { BoardEvent } from "./events";
import { fetchAllTasks } from "./task-api";
import { useBoardEvents, type ConnectionStatus } from "./use-board-events";

/**
 * Keeps the board state live: every event of the board's stream is dispatched, a connection
 * with no resume point re-reads the tasks (`tasks.synced`), and the stream stops once the
 * board has ended (deleted, or this person removed).
 */
export function useLiveBoard(
  boardId: string,
  state: BoardState,
  dispatch: Dispatch<BoardAction>,
): ConnectionStatus {
  // The state a resync starts from (the tasks held when its request is sent).
  const stateRef = useRef(state);
  useLayoutEffect(() => {
    stateRef.current = state;
  });

  const onEvent = useCallback(
    (event: BoardEvent) => dispatch({ type: "event", event }),
    [dispatch],
  );
  const onResync = useCallback(() => {
    const knownBefore = Object.keys(stateRef.current.tasks);
    void fetchAllTasks(boardId).then((tasks) => {
      if (tasks) dispatch({ type: "tasks.synced", tasks, knownBefore });
    });
  }, [boardId, dispatch]);
  // A stream the server closed may mean an expired access token: a cheap authenticated call
  // lets the session fetch refresh it before the stream reopens.
  const beforeReconnect = useCallback(async () => {
    const { sdk, client } = await browserSdk();
    return sdk.authMe({ client });
  }, []);

  return useBoardEvents({
    boardId,
    enabled: !state.ended,
    onEvent,
    onResync,
    beforeReconnect,
  });
}
