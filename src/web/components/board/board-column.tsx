"use client";

import { clsx } from "clsx";
import { useState, type ReactNode } from "react";

import type { TaskStatus } from "@/lib/api/generated/types.gen";
import { STATUS_LABEL } from "@/lib/board/board-state";

import { Button } from "@/components/ui/button";

interface BoardColumnProps {
  status: TaskStatus;
  count: number;
  editable: boolean;
  onAdd: (status: TaskStatus) => void;
  onDropTask: (taskId: string, status: TaskStatus) => void;
  children: ReactNode;
}

export function BoardColumn({
  status,
  count,
  editable,
  onAdd,
  onDropTask,
  children,
}: BoardColumnProps) {
  const [over, setOver] = useState(false);
  const headingId = `column-${status}`;
  return (
    <section
      aria-labelledby={headingId}
      data-status={status}
      onDragOver={(event) => {
        if (!editable || !event.dataTransfer.types.includes("text/task-id")) return;
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        setOver(false);
        const taskId = event.dataTransfer.getData("text/task-id");
        if (editable && taskId) {
          event.preventDefault();
          onDropTask(taskId, status);
        }
      }}
      className={clsx(
        "flex min-h-48 flex-col rounded-xl border bg-zinc-100 p-3 dark:bg-zinc-900/50",
        over ? "border-indigo-500" : "border-transparent",
      )}
    >
      <div className="mb-3 flex items-center justify-between">
        <h2
          id={headingId}
          className="text-sm font-semibold tracking-wide text-zinc-700 uppercase dark:text-zinc-300"
        >
          {STATUS_LABEL[status]}{" "}
          <span className="font-normal text-zinc-600 dark:text-zinc-400">({count})</span>
        </h2>
        {editable ? (
          <Button
            size="sm"
            variant="ghost"
            onClick={() => onAdd(status)}
            aria-label={`Add task to ${STATUS_LABEL[status]}`}
          >
            + Add
          </Button>
        ) : null}
      </div>
      <div className="flex flex-1 flex-col gap-2">
        {count === 0 ? (
          <p className="rounded-lg border border-dashed border-zinc-300 p-4 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
            No tasks
          </p>
        ) : (
          children
        )}
      </div>
    </section>
  );
}
