"use client";

import Link from "next/link";
import { Suspense, lazy, useCallback, useReducer, useRef, useState } from "react";

import { browserClient } from "@/lib/api/browser-client";
import { authMe } from "@/lib/api/generated/sdk.gen";
import type {
  BoardPublic,
  MemberPublic,
  TaskPublic,
  TaskStatus,
} from "@/lib/api/generated/types.gen";
import { problemMessage } from "@/lib/api/problem";
import {
  STATUS_LABEL,
  boardReducer,
  canEdit,
  positionAtEnd,
  type BoardState,
} from "@/lib/board/board-state";
import type { BoardEvent } from "@/lib/board/events";
import { deleteTask, fetchAllTasks, updateTask } from "@/lib/board/task-api";
import { useBoardEvents } from "@/lib/board/use-board-events";

import { RoleBadge } from "@/components/boards/role-badge";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";

import { BoardColumns } from "./board-columns";
import { ConnectionIndicator } from "./connection-indicator";

// Fetched when a task form is first opened, not with the board (see task-dialog.tsx).
const TaskDialog = lazy(() => import("./task-dialog"));

interface BoardViewProps {
  board: BoardPublic;
  tasks: TaskPublic[];
  members: MemberPublic[];
  meId: string;
}

type Editing = { mode: "create"; status: TaskStatus } | { mode: "edit"; task: TaskPublic };

/** Someone else's newer version got in the way of a move or delete. */
interface Notice {
  message: string;
  retry?: () => void;
}

function initialState({ board, tasks, members, meId }: BoardViewProps): BoardState {
  return {
    name: board.name,
    role: board.role,
    meId,
    tasks: Object.fromEntries(tasks.map((task) => [task.id, task])),
    deleted: {},
    members: members.map(({ user_id, email, display_name, role }) => ({
      user_id,
      email,
      display_name,
      role,
    })),
  };
}

export function BoardView(props: BoardViewProps) {
  const boardId = props.board.id;
  const [state, dispatch] = useReducer(boardReducer, props, initialState);
  const [editing, setEditing] = useState<Editing>();
  const [notice, setNotice] = useState<Notice>();
  const [busy, setBusy] = useState<Record<string, true>>({});
  const stateRef = useRef(state);
  stateRef.current = state;

  const onEvent = useCallback((event: BoardEvent) => dispatch({ type: "event", event }), []);
  const onResync = useCallback(() => {
    const knownBefore = Object.keys(stateRef.current.tasks);
    void fetchAllTasks(boardId).then((tasks) => {
      if (tasks) dispatch({ type: "tasks.synced", tasks, knownBefore });
    });
  }, [boardId]);
  // A stream the server closed may mean an expired access token: a cheap authenticated call
  // lets the session fetch refresh it before the stream reopens.
  const beforeReconnect = useCallback(() => authMe({ client: browserClient() }), []);

  const status = useBoardEvents({
    boardId,
    enabled: !state.ended,
    onEvent,
    onResync,
    beforeReconnect,
  });

  const editable = canEdit(state.role) && !state.ended;

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

  // Callbacks that keep their identity across renders, so the memoised task cards skip the
  // board's re-renders (connection status, notices, another card's change); they call the
  // functions of the latest render.
  const actions = useRef({ move, remove });
  actions.current = { move, remove };
  const onMove = useCallback(
    (task: TaskPublic, to: TaskStatus) => void actions.current.move(task, to),
    [],
  );
  const onDelete = useCallback((task: TaskPublic) => void actions.current.remove(task), []);
  const onEdit = useCallback((task: TaskPublic) => setEditing({ mode: "edit", task }), []);
  const onAdd = useCallback((to: TaskStatus) => setEditing({ mode: "create", status: to }), []);
  const onDropTask = useCallback((taskId: string, to: TaskStatus) => {
    const task = stateRef.current.tasks[taskId];
    if (task) void actions.current.move(task, to);
  }, []);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight break-all">{state.name}</h1>
        <RoleBadge role={state.role} />
        <ConnectionIndicator status={status} />
        <Link
          href={`/boards/${boardId}/members`}
          className={`${buttonClasses({ variant: "secondary", size: "sm" })} ml-auto`}
        >
          Members ({state.members.length})
        </Link>
      </div>

      {state.ended === "deleted" ? <Alert>This board was deleted.</Alert> : null}
      {state.ended === "removed" ? <Alert>You were removed from this board.</Alert> : null}
      {!canEdit(state.role) && !state.ended ? (
        <Alert tone="info">
          You are a viewer on this board: you can follow changes but not make them.
        </Alert>
      ) : null}
      {notice ? (
        <Alert tone="warning">
          <span>{notice.message}</span>{" "}
          {notice.retry ? (
            <button type="button" className="font-medium underline" onClick={notice.retry}>
              Retry
            </button>
          ) : null}{" "}
          <button
            type="button"
            className="font-medium underline"
            onClick={() => setNotice(undefined)}
          >
            Dismiss
          </button>
        </Alert>
      ) : null}

      <BoardColumns
        tasks={state.tasks}
        members={state.members}
        editable={editable}
        busy={busy}
        onAdd={onAdd}
        onDropTask={onDropTask}
        onMove={onMove}
        onEdit={onEdit}
        onDelete={onDelete}
      />

      {editing ? (
        <Suspense fallback={null}>
          <TaskDialog
            title={
              editing.mode === "create"
                ? `New task in ${STATUS_LABEL[editing.status]}`
                : "Edit task"
            }
            boardId={boardId}
            members={state.members}
            task={editing.mode === "edit" ? editing.task : undefined}
            defaultStatus={editing.mode === "create" ? editing.status : undefined}
            onSaved={(task) => {
              dispatch({ type: "task.saved", task });
              setEditing(undefined);
            }}
            onCancel={() => setEditing(undefined)}
          />
        </Suspense>
      ) : null}
    </div>
  );
}
