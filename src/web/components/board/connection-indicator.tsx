import { clsx } from "clsx";

import type { ConnectionStatus } from "@/lib/board/use-board-events";

const LABEL: Record<ConnectionStatus, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  closed: "Not live",
};

const DOT: Record<ConnectionStatus, string> = {
  connecting: "bg-amber-500 animate-pulse",
  live: "bg-emerald-500",
  reconnecting: "bg-amber-500 animate-pulse",
  closed: "bg-zinc-400",
};

/** Whether changes by others are arriving; announced politely when it changes. */
export function ConnectionIndicator({ status }: { status: ConnectionStatus }) {
  return (
    <span
      role="status"
      aria-live="polite"
      data-status={status}
      className="inline-flex items-center gap-1.5 rounded-full border border-zinc-200 px-2.5 py-1 text-xs font-medium dark:border-zinc-700"
    >
      <span aria-hidden="true" className={clsx("size-2 rounded-full", DOT[status])} />
      {LABEL[status]}
    </span>
  );
}
