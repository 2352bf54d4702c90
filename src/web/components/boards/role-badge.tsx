import { clsx } from "clsx";

import type { Role } from "@/lib/api/generated/types.gen";

const STYLES: Record<Role, string> = {
  owner: "bg-indigo-100 text-indigo-900 dark:bg-indigo-950 dark:text-indigo-200",
  editor: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  viewer: "bg-zinc-200 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200",
};

export function RoleBadge({ role }: { role: Role }) {
  return (
    <span className={clsx("rounded-full px-2 py-0.5 text-xs font-medium capitalize", STYLES[role])}>
      {role}
    </span>
  );
}
