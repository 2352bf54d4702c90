"use client";

import { useTheme } from "next-themes";
import { useSyncExternalStore } from "react";

type Theme = "light" | "dark" | "system";
const ORDER: Theme[] = ["system", "light", "dark"];
const LABEL: Record<Theme, string> = {
  system: "System theme",
  light: "Light theme",
  dark: "Dark theme",
};
const ICON: Record<Theme, string> = { system: "◐", light: "☀", dark: "☾" };

const subscribeToNothing = () => () => undefined;

/**
 * Cycles system -> light -> dark. next-themes (the root layout's ThemeProvider) keeps the
 * choice in localStorage under "theme" ("system", or no entry as earlier versions left it,
 * follows the system's scheme) and applies it.
 */
export function ThemeToggle() {
  const { theme: chosen, setTheme } = useTheme();
  // The server cannot know the stored choice: it renders "system", and so does hydration,
  // then the choice shows (no mismatch).
  const hydrated = useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );
  const theme: Theme = hydrated && (chosen === "light" || chosen === "dark") ? chosen : "system";
  const next = ORDER[(ORDER.indexOf(theme) + 1) % ORDER.length] ?? "system";
  return (
    <button
      type="button"
      onClick={() => setTheme(next)}
      className="rounded-md px-2 py-1 text-lg leading-none text-zinc-600 hover:bg-zinc-200 dark:text-zinc-300 dark:hover:bg-zinc-800"
      aria-label={`${LABEL[theme]} (switch to ${LABEL[next].toLowerCase()})`}
      title={LABEL[theme]}
    >
      <span aria-hidden="true">{ICON[theme]}</span>
    </button>
  );
}
