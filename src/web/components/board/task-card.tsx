"use client";

import { clsx } from "clsx";
import { memo } from "react";

import type { TaskPublic, TaskStatus } from "@/lib/api/generated/types.gen";
import { STATUSES, STATUS_LABEL } from "@/lib/board/board-state";

import { Button } from "@/components/ui/button";

interface TaskCardProps {
  task: TaskPublic;
  assigneeName?: string;
  editable: boolean;
  busy?: boolean;
  onMove: (task: TaskPublic, status: TaskStatus) => void;
  onEdit: (task: TaskPublic) => void;
  onDelete: (task: TaskPublic) => void;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * A plain `YYYY-MM-DD` date as "Mar 5, 2026", the same on the server and in every browser (the
 * app is in English). Not `Intl`: the browser's first date formatter costs ~90 ms on a slow phone
 * while the board hydrates, and the server's locale could differ from the visitor's.
 */
export function formatDue(date: string) {
  const [y, m, d] = date.split("-").map(Number);
  const month = MONTHS[(m ?? 1) - 1];
  return month && y && d ? `${month} ${d}, ${y}` : date;
}

/**
 * One task. Moving works with buttons (keyboard and screen readers) and by dragging the card
 * onto another column; both go through the same `onMove`.
 */
export const TaskCard = memo(function TaskCard({
  task,
  assigneeName,
  editable,
  busy,
  onMove,
  onEdit,
  onDelete,
}: TaskCardProps) {
  const titleId = `task-${task.id}-title`;
  return (
    <article
      aria-labelledby={titleId}
      data-task-id={task.id}
      draggable={editable}
      onDragStart={(event) => {
        event.dataTransfer.setData("text/task-id", task.id);
        event.dataTransfer.effectAllowed = "move";
      }}
      className={clsx(
        "rounded-lg border border-zinc-200 bg-white p-3 shadow-xs dark:border-zinc-700 dark:bg-zinc-900",
        // The browser skips style, layout and paint of cards out of view (most of a long board
        // on a phone, where the columns stack) until they scroll near; the size is a guess it
        // replaces with the real one once a card was rendered.
        "[contain-intrinsic-size:auto_10rem] [content-visibility:auto]",
        editable && "cursor-grab active:cursor-grabbing",
        busy && "opacity-60",
      )}
    >
      <h3 id={titleId} className="font-medium break-words">
        {task.title}
      </h3>
      {task.description ? (
        <p className="mt-1 line-clamp-3 text-sm whitespace-pre-wrap text-zinc-600 dark:text-zinc-400">
          {task.description}
        </p>
      ) : null}
      <dl className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
        <div className="flex gap-1">
          <dt>Assignee:</dt>
          <dd className="font-medium text-zinc-800 dark:text-zinc-200">
            {assigneeName ?? "Unassigned"}
          </dd>
        </div>
        {task.due_date ? (
          <div className="flex gap-1">
            <dt>Due:</dt>
            <dd className="font-medium text-zinc-800 dark:text-zinc-200">
              <time dateTime={task.due_date}>{formatDue(task.due_date)}</time>
            </dd>
          </div>
        ) : null}
      </dl>
      {editable ? (
        <div
          className="mt-3 flex flex-wrap gap-1"
          role="group"
          aria-label={`Actions for ${task.title}`}
        >
          {STATUSES.filter((status) => status !== task.status).map((status) => (
            <Button
              key={status}
              size="sm"
              variant="secondary"
              disabled={busy}
              onClick={() => onMove(task, status)}
              aria-label={`Move "${task.title}" to ${STATUS_LABEL[status]}`}
            >
              → {STATUS_LABEL[status]}
            </Button>
          ))}
          <Button
            size="sm"
            variant="ghost"
            disabled={busy}
            onClick={() => onEdit(task)}
            aria-label={`Edit "${task.title}"`}
          >
            Edit
          </Button>
          <Button
            size="sm"
            variant="ghost"
            disabled={busy}
            onClick={() => onDelete(task)}
            aria-label={`Delete "${task.title}"`}
          >
            Delete
          </Button>
        </div>
      ) : null}
    </article>
  );
});
