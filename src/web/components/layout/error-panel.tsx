"use client";

/**
 * What an error boundary shows: a message, the digest to quote, and a retry. Plain markup, none
 * of the UI kit: app/global-error.tsx renders this too, and Next loads that file's chunk with
 * every page, where a Button (with clsx) would be a second copy beside the app layout's.
 */
export function ErrorPanel({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div role="alert" className="mx-auto max-w-md py-16 text-center">
      <h1 className="text-xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        We could not load this page. It may be a temporary problem.
      </p>
      {error.digest ? (
        <p className="mt-1 font-mono text-xs text-zinc-600 dark:text-zinc-400">
          Reference: {error.digest}
        </p>
      ) : null}
      <button
        type="button"
        onClick={reset}
        className="mt-6 h-10 rounded-md bg-indigo-600 px-4 text-sm font-medium text-white hover:bg-indigo-500 dark:bg-indigo-500 dark:hover:bg-indigo-400"
      >
        Try again
      </button>
    </div>
  );
}
