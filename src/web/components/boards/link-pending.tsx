"use client";

import { useLinkStatus } from "next/link";

/**
 * Inside a `<Link>`: "Opening…" while the page it leads to loads. The board page has no
 * loading.tsx (a Suspense fallback there would keep the board out of the first paint), so this
 * is its loading state when reached from the list.
 */
export function LinkPending() {
  const { pending } = useLinkStatus();
  return pending ? (
    <span role="status" className="text-xs text-zinc-600 dark:text-zinc-400">
      Opening…
    </span>
  ) : null;
}
