"use client";

import Link from "next/link";
import { Suspense, lazy, useCallback, useReducer, useState } from "react";

import type {
  BoardPublic,
  MemberPublic,
  TaskPublic,
  TaskStatus,
} from "@/lib/api/generated/types.gen";
import { STATUS_LABEL, boardReducer, canEdit, type BoardState } from "@/lib/board/board-state";
import { useLiveBoard } from "@/lib/board/use-live-board";
import { useTaskMutations } from "@/lib/board/use-task-mutations";

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

/**
 * A board: its state (the server's snapshot, kept live by the event stream), the task being
 * edited, and the layout. Task writes are `useTaskMutations`'; the stream is `useLiveBoard`'s.
 */
export function BoardView(props: BoardViewProps) {
  const boardId = props.board.id;
  const [state, dispatch] = useReducer(boardReducer, props, initialState);
  const [editing, setEditing] = useState<Editing>();
  const status = useLiveBoard(boardId, state, dispatch);
  const mutations = useTaskMutations(state, dispatch);
  const { notice } = mutations;

  const editable = canEdit(state.role) && !state.ended;
  // Stable, as the mutations' callbacks are: the memoised columns skip the board's re-renders.
  const onEdit = useCallback((task: TaskPublic) => setEditing({ mode: "edit", task }), []);
  const onAdd = useCallback((to: TaskStatus) => setEditing({ mode: "create", status: to }), []);

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
          <button type="button" className="font-medium underline" onClick={mutations.dismissNotice}>
            Dismiss
          </button>
        </Alert>
      ) : null}

      <BoardColumns
        tasks={state.tasks}
        members={state.members}
        editable={editable}
        busy={mutations.busy}
        onAdd={onAdd}
        onDropTask={mutations.moveById}
        onMove={mutations.move}
        onEdit={onEdit}
        onDelete={mutations.remove}
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
              mutations.saved(task);
              setEditing(undefined);
            }}
            onCancel={() => setEditing(undefined)}
          />
        </Suspense>
      ) : null}
    </div>
  );
}
