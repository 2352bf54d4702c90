import { expect, test } from "./fixtures";

import { addTask, createBoard, joinBoard, newUser, signUpInUi } from "./helpers";

test("a viewer sees the board but cannot change it", async ({ page, browser }) => {
  const owner = newUser("Owner");
  const viewer = newUser("Vera");
  await signUpInUi(page, owner);
  const boardId = await createBoard(page, "Read only");
  await page.goto(`/boards/${boardId}`);
  await addTask(page, "To do", "Look but do not touch");

  const viewerContext = await joinBoard(page, browser, boardId, viewer, "viewer");

  const vera = await viewerContext.newPage();
  await vera.goto(`/boards/${boardId}`);
  await expect(vera.getByRole("article", { name: "Look but do not touch" })).toBeVisible();
  await expect(vera.getByText(/You are a viewer on this board/)).toBeVisible();
  await expect(vera.getByRole("button", { name: /Move|Edit|Delete|Add task/ })).toHaveCount(0);

  await vera.goto(`/boards/${boardId}/members`);
  await expect(vera.getByText("Only owners can invite members or change roles.")).toBeVisible();
  await expect(vera.getByRole("button", { name: "Add member" })).toHaveCount(0);
  await expect(vera.getByRole("combobox")).toHaveCount(0);

  // The API refuses too, whatever the UI shows.
  const csrf = (await viewerContext.cookies()).find((c) => c.name === "tb_csrf")?.value ?? "";
  const attempt = await viewerContext.request.post(`/api/v1/boards/${boardId}/tasks`, {
    data: { title: "sneaky" },
    headers: { "X-CSRF-Token": csrf },
  });
  expect(attempt.status()).toBe(403);

  await viewerContext.close();
});

test("pages need a session: visitors are sent to sign in and come back", async ({ page }) => {
  await page.goto("/boards");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fboards$/);
  const user = newUser("Returning");
  await signUpInUi(page, user);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/boards");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/boards$/);
});
