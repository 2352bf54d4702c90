"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

import { browserClient } from "@/lib/api/browser-client";
import { authRefresh } from "@/lib/api/generated/sdk.gen";

/**
 * The access cookie expired but a sign-in session may live on: only the browser holds the
 * refresh cookie (scoped to /api/v1/auth), so rotate it here and go back where we were.
 */
export function ResumeSession({ next }: { next: string }) {
  const router = useRouter();
  useEffect(() => {
    let cancelled = false;
    void authRefresh({ client: browserClient() }).then(({ response }) => {
      if (cancelled) return;
      const target = response?.ok ? next : `/sign-in?next=${encodeURIComponent(next)}`;
      router.replace(target as "/boards");
      router.refresh();
    });
    return () => {
      cancelled = true;
    };
  }, [next, router]);

  return (
    <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
      Restoring your session…
    </p>
  );
}
