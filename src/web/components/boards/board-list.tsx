import Link from "next/link";

import type { BoardPublic } from "@/lib/api/generated/types.gen";

import { LinkPending } from "./link-pending";
import { RoleBadge } from "./role-badge";

export function BoardList({ boards }: { boards: BoardPublic[] }) {
  if (boards.length === 0) {
    return (
      <div className="rounded-xl border border-dashed border-zinc-300 p-10 text-center dark:border-zinc-700">
        <h2 className="font-medium">No boards yet</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Create your first board above, or ask a teammate to invite you to theirs.
        </p>
      </div>
    );
  }
  return (
    <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
      {boards.map((board) => (
        <li key={board.id}>
          <Link
            href={`/boards/${board.id}`}
            className="flex items-center justify-between gap-3 rounded-xl border border-zinc-200 bg-white p-4 shadow-xs hover:border-indigo-400 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:border-indigo-500"
          >
            <span className="truncate font-medium">{board.name}</span>
            <span className="flex items-center gap-2">
              <LinkPending />
              <RoleBadge role={board.role} />
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
