import { expect, test } from "./fixtures";

import { createBoard, newUser, signUpInUi, signUpViaApi } from "./helpers";

test("invalid sign-up input shows field errors before anything is sent", async ({ page }) => {
  await page.goto("/sign-up");
  let apiCalls = 0;
  page.on("request", (request) => {
    if (request.url().includes("/api/v1/auth/register")) apiCalls += 1;
  });
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page.getByLabel("Name")).toHaveAccessibleDescription("Required");
  await expect(page.getByLabel("Email")).toHaveAccessibleDescription("Enter a valid email address");
  await expect(page.getByLabel("Password")).toHaveAccessibleDescription(
    "Must be at least 10 characters",
  );
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  expect(apiCalls).toBe(0);
});

test("errors from the API land on their field (problem+json)", async ({ page, browser }) => {
  const taken = newUser("Taken");
  const other = await browser.newContext();
  await signUpViaApi(other, taken);
  await other.close();

  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Someone");
  await page.getByLabel("Email").fill(taken.email);
  await page.getByLabel("Password").fill("long enough password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByLabel("Email")).toHaveAccessibleDescription(
    "An account with this email already exists.",
  );

  // Inviting someone who has no account: the API's 404 is shown on the email field.
  await signUpInUi(page, newUser("Owner"));
  const boardId = await createBoard(page, "Validation");
  await page.goto(`/boards/${boardId}/members`);
  await page.getByLabel("Email of an existing user").fill("nobody-here@example.com");
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByLabel("Email of an existing user")).toHaveAttribute(
    "aria-invalid",
    "true",
  );

  // An empty task title is refused in the dialog.
  await page.goto(`/boards/${boardId}`);
  await page.getByRole("button", { name: "Add task to To do" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Add task" }).click();
  await expect(page.getByRole("dialog").getByLabel("Title")).toHaveAccessibleDescription(
    "Required",
  );
});
