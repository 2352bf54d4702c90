import Link from "next/link";

import { SignOutButton } from "@/components/auth/sign-out-button";
import { ThemeToggle } from "@/components/theme/theme-toggle";

export function AppHeader({ userName }: { userName: string }) {
  return (
    <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="mx-auto flex h-14 max-w-7xl items-center gap-3 px-4">
        <Link href="/boards" className="font-semibold tracking-tight">
          Taskboard
        </Link>
        <nav aria-label="Main" className="ml-2 text-sm">
          <Link href="/boards" className="text-zinc-600 hover:underline dark:text-zinc-300">
            Boards
          </Link>
        </nav>
        <div className="ml-auto flex items-center gap-2">
          <span className="hidden text-sm text-zinc-600 sm:inline dark:text-zinc-400">
            {userName}
          </span>
          <ThemeToggle />
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
