"use client";

import { useCallback, useLayoutEffect, useRef, useState, type Dispatch } from "react";

import type { TaskPublic, TaskStatus } from "@/lib/api/generated/types.gen";
import { problemMessage } from "@/lib/api/problem";

import { STATUS_LABEL, positionAtEnd, type BoardAction, type BoardState } from "./board-state";
import { deleteTask, updateTask } from "./task-api";

/** Why a move or delete was not applied (someone else's newer version, a refusal). */
export interface Notice {
  message: string;
  /** Try again over the version now shown. */
  retry?: () => void;
}

export interface TaskMutations {
  /** Tasks with a request in flight (their controls are disabled). */
  busy: Record<string, true>;
  notice?: Notice;
  dismissNotice: () => void;
  move: (task: TaskPublic, to: TaskStatus) => void;
  /** A task dropped on a column, by id (drag and drop carries ids). */
  moveById: (taskId: string, to: TaskStatus) => void;
  /** Asks for confirmation first. */
  remove: (task: TaskPublic) => void;
  /** A task the task form saved (created or edited). */
  saved: (task: TaskPublic) => void;
}

/**
 * The board's task writes: moves and deletes sent with the version the person saw
 * (`If-Match`), applied to the board state when they succeed, and a notice when someone else's
 * newer version got in the way (showing theirs, with a retry over it) or the API refused.
 *
 * Every callback keeps its identity across renders, so the memoised task cards skip the board's
 * re-renders (connection status, notices, another card's change); they act on the latest state.
 */
export function useTaskMutations(
  state: BoardState,
  dispatch: Dispatch<BoardAction>,
): TaskMutations {
  const [notice, setNotice] = useState<Notice>();
  const [busy, setBusy] = useState<Record<string, true>>({});
  const stateRef = useRef(state);

  const setTaskBusy = (taskId: string, on: boolean) =>
    setBusy(({ [taskId]: _old, ...rest }) => (on ? { ...rest, [taskId]: true } : rest));

  async function move(task: TaskPublic, to: TaskStatus) {
    if (task.status === to) return;
    setNotice(undefined);
    setTaskBusy(task.id, true);
    const result = await updateTask(task, {
      status: to,
      position: positionAtEnd(stateRef.current, to, task.id),
    });
    setTaskBusy(task.id, false);
    if (result.ok) {
      dispatch({ type: "task.saved", task: result.task });
    } else if ("conflict" in result) {
      const theirs = result.conflict;
      if (theirs) dispatch({ type: "task.saved", task: theirs });
      else dispatch({ type: "task.removed", taskId: task.id });
      setNotice(
        theirs
          ? {
              message: `Someone else changed "${theirs.title}" (now in ${STATUS_LABEL[theirs.status]}). Your move was not applied.`,
              retry: () => void move(theirs, to),
            }
          : { message: `Someone else deleted "${task.title}".` },
      );
    } else {
      setNotice({ message: problemMessage(result.problem) });
    }
  }

  async function remove(task: TaskPublic) {
    if (!window.confirm(`Delete "${task.title}"?`)) return;
    setNotice(undefined);
    setTaskBusy(task.id, true);
    const result = await deleteTask(task);
    setTaskBusy(task.id, false);
    if (result.ok) {
      dispatch({ type: "task.removed", taskId: task.id });
    } else if (result.conflict) {
      const theirs = result.conflict;
      dispatch({ type: "task.saved", task: theirs });
      setNotice({
        message: `Someone else changed "${theirs.title}" meanwhile. Delete it anyway?`,
        retry: () => void remove(theirs),
      });
    } else {
      setNotice({ message: problemMessage(result.problem) });
    }
  }

  // The stable callbacks below act on the latest render's state and functions.
  const actions = useRef({ move, remove });
  useLayoutEffect(() => {
    stateRef.current = state;
    actions.current = { move, remove };
  });

  return {
    busy,
    notice,
    dismissNotice: useCallback(() => setNotice(undefined), []),
    move: useCallback((task, to) => void actions.current.move(task, to), []),
    moveById: useCallback((taskId, to) => {
      const task = stateRef.current.tasks[taskId];
      if (task) void actions.current.move(task, to);
    }, []),
    remove: useCallback((task) => void actions.current.remove(task), []),
    saved: useCallback((task) => dispatch({ type: "task.saved", task }), [dispatch]),
  };
}
