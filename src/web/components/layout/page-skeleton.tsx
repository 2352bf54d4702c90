/** Placeholder shown while a page's data loads (also tells screen readers it is loading). */
export function PageSkeleton({ columns = 3 }: { columns?: number }) {
  return (
    <div role="status" aria-label="Loading" className="animate-pulse space-y-6">
      <div className="h-8 w-48 rounded bg-zinc-200 dark:bg-zinc-800" />
      <div className="grid gap-4 md:grid-cols-3">
        {Array.from({ length: columns }, (_, i) => (
          <div key={i} className="h-40 rounded-xl bg-zinc-200 dark:bg-zinc-800" />
        ))}
      </div>
    </div>
  );
}
