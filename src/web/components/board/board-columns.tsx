"use client";

import { Suspense, memo } from "react";

import type { TaskPublic, TaskStatus } from "@/lib/api/generated/types.gen";
import type { BoardMember } from "@/lib/board/events";
import { STATUSES, tasksIn } from "@/lib/board/board-state";

import { BoardColumn } from "./board-column";
import { TaskCard } from "./task-card";

interface BoardColumnsProps {
  tasks: Record<string, TaskPublic>;
  members: BoardMember[];
  editable: boolean;
  busy: Record<string, true>;
  onAdd: (status: TaskStatus) => void;
  onDropTask: (taskId: string, status: TaskStatus) => void;
  onMove: (task: TaskPublic, status: TaskStatus) => void;
  onEdit: (task: TaskPublic) => void;
  onDelete: (task: TaskPublic) => void;
}

/**
 * The three columns and their cards: most of the board's DOM. The Suspense boundary costs
 * nothing on the server (nothing here suspends, so its HTML is in the page), but in the browser
 * React hydrates a server-rendered boundary after the rest of the page, in slices that yield to
 * the main thread, instead of in one long task. `memo` keeps the board's own re-renders
 * (connection status, notices) from reaching the boundary: new props before it is hydrated
 * would make React hydrate it at once.
 */
export const BoardColumns = memo(function BoardColumns({
  tasks,
  members,
  editable,
  busy,
  onAdd,
  onDropTask,
  onMove,
  onEdit,
  onDelete,
}: BoardColumnsProps) {
  const nameOf = (userId: string | null) =>
    userId ? members.find((m) => m.user_id === userId)?.display_name : undefined;
  return (
    <Suspense fallback={null}>
      <div className="grid gap-4 md:grid-cols-3">
        {STATUSES.map((column) => {
          const inColumn = tasksIn({ tasks }, column);
          return (
            <BoardColumn
              key={column}
              status={column}
              count={inColumn.length}
              editable={editable}
              onAdd={onAdd}
              onDropTask={onDropTask}
            >
              {inColumn.map((task) => (
                <TaskCard
                  key={task.id}
                  task={task}
                  assigneeName={nameOf(task.assignee_id)}
                  editable={editable}
                  busy={Boolean(busy[task.id])}
                  onMove={onMove}
                  onEdit={onEdit}
                  onDelete={onDelete}
                />
              ))}
            </BoardColumn>
          );
        })}
      </div>
    </Suspense>
  );
});
