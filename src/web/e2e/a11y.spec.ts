import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

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

test("every page passes an axe scan, in light and dark mode", async ({ page }) => {
  // A dozen page loads and scans: three times the default budget on a 2-core machine.
  test.slow();
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto("/sign-in");
    await expectNoSeriousViolations(page, `sign-in (${scheme})`);
    await page.goto("/sign-up");
    await expectNoSeriousViolations(page, `sign-up (${scheme})`);
  }

  await page.emulateMedia({ colorScheme: "light" });
  await signUpInUi(page, newUser("Axe"));
  await expectNoSeriousViolations(page, "boards (empty)");
  const boardId = await createBoard(page, "Accessible board");
  await addTask(page, "To do", "Check contrast");
  await expect(page.getByText("Live", { exact: true })).toBeVisible();

  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`/boards/${boardId}`);
    await expect(page.getByText("Live", { exact: true })).toBeVisible();
    await expectNoSeriousViolations(page, `board (${scheme})`);
    await page.getByRole("button", { name: 'Edit "Check contrast"' }).click();
    await expectNoSeriousViolations(page, `task dialog (${scheme})`);
    await page.keyboard.press("Escape");
    await page.goto(`/boards/${boardId}/members`);
    await expectNoSeriousViolations(page, `members (${scheme})`);
    await page.goto("/boards");
    await expectNoSeriousViolations(page, `boards (${scheme})`);
  }
});
