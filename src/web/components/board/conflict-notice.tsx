import type { TaskPublic } from "@/lib/api/generated/types.gen";
import { STATUS_LABEL } from "@/lib/board/board-state";
import type { BoardMember } from "@/lib/board/events";

import { Button } from "@/components/ui/button";

/** A 412: someone saved this task after we loaded it. Show their version and let us choose. */
export function ConflictNotice({
  theirs,
  members,
  onKeepMine,
  onUseTheirs,
}: {
  theirs: TaskPublic | null;
  members: BoardMember[];
  onKeepMine: () => void;
  onUseTheirs: () => void;
}) {
  if (!theirs) {
    return (
      <div
        role="alert"
        className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950"
      >
        <p className="font-medium">Someone else deleted this task.</p>
        <Button size="sm" variant="secondary" className="mt-2" onClick={onUseTheirs}>
          Close
        </Button>
      </div>
    );
  }
  const assignee = members.find((m) => m.user_id === theirs.assignee_id)?.display_name;
  return (
    <div
      role="alert"
      className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950"
    >
      <p className="font-medium">Someone else changed this task while you were editing.</p>
      <p className="mt-1">Their version:</p>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5" aria-label="Their version">
        <dt className="text-zinc-600 dark:text-zinc-400">Title</dt>
        <dd>{theirs.title}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Status</dt>
        <dd>{STATUS_LABEL[theirs.status]}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Assignee</dt>
        <dd>{assignee ?? "Unassigned"}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Due</dt>
        <dd>{theirs.due_date ?? "None"}</dd>
        {theirs.description ? (
          <>
            <dt className="text-zinc-600 dark:text-zinc-400">Description</dt>
            <dd className="whitespace-pre-wrap">{theirs.description}</dd>
          </>
        ) : null}
      </dl>
      <div className="mt-3 flex flex-wrap gap-2">
        <Button size="sm" onClick={onKeepMine}>
          Keep my changes
        </Button>
        <Button size="sm" variant="secondary" onClick={onUseTheirs}>
          Use their version
        </Button>
      </div>
    </div>
  );
}
