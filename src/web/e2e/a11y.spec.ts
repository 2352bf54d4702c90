import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

import { expect, test } from "./fixtures";

import { addTask, createBoard, newUser, signUpInUi } from "./helpers";

async function expectNoSeriousViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21aa"])
    .analyze();
  const serious = results.violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  expect(
    serious.map(
      (v) => `${label}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    ),
  ).toEqual([]);
}

/**
 * Switch the system scheme and wait until the page shows it: the theme follows the system live
 * (next-themes, without a stored choice), and buttons fade their colours (transition-colors), so
 * a scan must see the end state, not a frame between.
 */
async function switchScheme(page: Page, scheme: "light" | "dark") {
  await page.emulateMedia({ colorScheme: scheme });
  const html = page.locator("html");
  if (scheme === "dark") await expect(html).toHaveClass(/\bdark\b/);
  else await expect(html).not.toHaveClass(/\bdark\b/);
  // A transition the page cancels (a re-render restyles the element) rejects `finished` with an
  // AbortError: it is over too, so it counts as finished.
  await page.evaluate(() =>
    Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))),
  );
}

/** Scan what the page shows in light mode, then in dark mode: one page load a page. */
async function expectBothSchemesAccessible(page: Page, label: string) {
  await switchScheme(page, "light");
  await expectNoSeriousViolations(page, `${label} (light)`);
  await switchScheme(page, "dark");
  await expectNoSeriousViolations(page, `${label} (dark)`);
  await switchScheme(page, "light");
}

test("every page passes an axe scan, in light and dark mode", async ({ page }) => {
  // A dozen scans: three times the default budget on a 2-core machine.
  test.slow();
  await page.goto("/sign-in");
  await expectBothSchemesAccessible(page, "sign-in");
  await page.goto("/sign-up");
  await expectBothSchemesAccessible(page, "sign-up");

  await signUpInUi(page, newUser("Axe"));
  await expectNoSeriousViolations(page, "boards (empty, light)");
  const boardId = await createBoard(page, "Accessible board");
  await addTask(page, "To do", "Check contrast");
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
  await expectBothSchemesAccessible(page, "board");

  const edit = page.getByRole("button", { name: 'Edit "Check contrast"' });
  await edit.click();
  const dialog = page.getByRole("dialog", { name: "Edit task" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Title")).toBeFocused();
  await expectBothSchemesAccessible(page, "task dialog");
  // The native modal dialog: Escape closes it and focus goes back to the button that opened
  // it; so does a click on the backdrop (a corner of the page, outside the panel).
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(edit).toBeFocused();
  await edit.click();
  await expect(dialog).toBeVisible();
  await page.mouse.click(5, 5);
  await expect(dialog).toBeHidden();

  await page.goto(`/boards/${boardId}/members`);
  await expectBothSchemesAccessible(page, "members");
  await page.goto("/boards");
  await expectBothSchemesAccessible(page, "boards");
});

test("a stored theme applies as the page loads, and the toggle cycles from it", async ({
  page,
}) => {
  // "dark" under "theme", as every version of the toggle stored it; the system is light.
  await page.emulateMedia({ colorScheme: "light" });
  await page.addInitScript(() => {
    window.localStorage.setItem("theme", "dark");
    // The class once the HTML is parsed: the theme script runs before the page paints.
    document.addEventListener("DOMContentLoaded", () => {
      document.documentElement.dataset.themeAtLoad = document.documentElement.className;
    });
  });
  await page.goto("/sign-in");
  const html = page.locator("html");
  await expect(html).toHaveAttribute("data-theme-at-load", /\bdark\b/);
  await expect(html).toHaveClass(/\bdark\b/);

  await page.getByRole("button", { name: "Dark theme (switch to system theme)" }).click();
  await expect(html).not.toHaveClass(/\bdark\b/);
  await page.getByRole("button", { name: "System theme (switch to light theme)" }).click();
  await expect(
    page.getByRole("button", { name: "Light theme (switch to dark theme)" }),
  ).toBeVisible();
  expect(await page.evaluate(() => window.localStorage.getItem("theme"))).toBe("light");
});
