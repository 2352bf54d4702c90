"use client";

import { Button } from "@/components/ui/button";

/** What an error boundary shows: a message, the digest to quote, and a retry. */
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
      <Button className="mt-6" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
