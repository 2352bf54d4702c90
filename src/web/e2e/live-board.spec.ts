import { expect, test } from "./fixtures";

import { addTask, columnOf, createBoard, joinBoard, newUser, signUpInUi } from "./helpers";

test("sign up, create a board, add and move a task; a second person sees it live", async ({
  page,
  browser,
}) => {
  const owner = newUser("Ann");
  const teammate = newUser("Bob");

  await signUpInUi(page, owner);
  const boardId = await createBoard(page, "Launch plan");
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
  await addTask(page, "To do", "Write the announcement");

  // Bob signs up in his own browser context and is invited as an editor.
  const bobContext = await joinBoard(page, browser, boardId, teammate, "editor");

  const bob = await bobContext.newPage();
  await bob.goto(`/boards/${boardId}`);
  await expect(
    columnOf(bob, "To do").getByRole("article", { name: "Write the announcement" }),
  ).toBeVisible();
  await expect(bob.getByText("Live", { exact: true })).toBeVisible();

  // Ann moves the task with the keyboard-accessible move button.
  await page.goto(`/boards/${boardId}`);
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: 'Move "Write the announcement" to Doing' }).click();
  await expect(
    columnOf(page, "Doing").getByRole("article", { name: "Write the announcement" }),
  ).toBeVisible();

  // Bob sees the move without reloading...
  await expect(
    columnOf(bob, "Doing").getByRole("article", { name: "Write the announcement" }),
  ).toBeVisible();
  await expect(columnOf(bob, "To do").getByRole("article")).toHaveCount(0);
  // ...and a task Bob adds appears for Ann.
  await addTask(bob, "Done", "Book the venue");
  await expect(
    columnOf(page, "Done").getByRole("article", { name: "Book the venue" }),
  ).toBeVisible();

  // A reload keeps the state (it was saved, not just shown).
  await page.reload();
  await expect(
    columnOf(page, "Doing").getByRole("article", { name: "Write the announcement" }),
  ).toBeVisible();
  await expect(
    columnOf(page, "Done").getByRole("article", { name: "Book the venue" }),
  ).toBeVisible();

  await bobContext.close();
});

test("a stale edit gets a 412 showing the other person's version, and can be retried", async ({
  page,
  browser,
}) => {
  const ann = newUser("Ann");
  const bob = newUser("Bob");
  await signUpInUi(page, ann);
  const boardId = await createBoard(page, "Conflicts");
  await addTask(page, "To do", "Draft budget");

  const bobContext = await joinBoard(page, browser, boardId, bob, "editor");
  await page.goto(`/boards/${boardId}`);

  // Ann opens the editor; meanwhile Bob renames the task.
  await page.getByRole("button", { name: 'Edit "Draft budget"' }).click();
  const dialog = page.getByRole("dialog", { name: "Edit task" });
  await dialog.getByLabel("Description").fill("Ann's notes");

  const bobPage = await bobContext.newPage();
  await bobPage.goto(`/boards/${boardId}`);
  await bobPage.getByRole("button", { name: 'Edit "Draft budget"' }).click();
  const bobDialog = bobPage.getByRole("dialog", { name: "Edit task" });
  await bobDialog.getByLabel("Title").fill("Draft the Q3 budget");
  await bobDialog.getByRole("button", { name: "Save changes" }).click();
  await expect(bobDialog).toBeHidden();

  await dialog.getByRole("button", { name: "Save changes" }).click();
  const notice = dialog.getByRole("alert");
  await expect(notice).toContainText("Someone else changed this task");
  await expect(notice).toContainText("Draft the Q3 budget");

  await notice.getByRole("button", { name: "Keep my changes" }).click();
  await expect(dialog).toBeHidden();
  // Only Ann's field was sent again: Bob's new title stays, Ann's notes join it.
  await expect(page.getByRole("article", { name: "Draft the Q3 budget" })).toContainText(
    "Ann's notes",
  );
  await expect(bobPage.getByRole("article", { name: "Draft the Q3 budget" })).toContainText(
    "Ann's notes",
  );

  await bobContext.close();
});

test("after a dropped connection the board catches up from the last event id", async ({
  page,
  browser,
}) => {
  const ann = newUser("Ann");
  const bob = newUser("Bob");
  await signUpInUi(page, ann);
  const boardId = await createBoard(page, "Flaky network");

  // Keep a handle on the page's EventSources so the test can cut the stream like a network
  // failure would (offline emulation does not close an open connection).
  const bobContext = await joinBoard(page, browser, boardId, bob, "editor", (context) =>
    context.addInitScript(() => {
      const Native = window.EventSource;
      const sources: EventSource[] = [];
      Object.assign(window, { __sources: sources });
      window.EventSource = class extends Native {
        constructor(url: string | URL, init?: EventSourceInit) {
          super(url, init);
          sources.push(this);
        }
      };
    }),
  );
  const bobPage = await bobContext.newPage();
  const streamUrls: string[] = [];
  bobPage.on("request", (request) => {
    if (request.url().includes("/events")) streamUrls.push(request.url());
  });
  await bobPage.goto(`/boards/${boardId}`);
  await expect(bobPage.getByText("Live", { exact: true })).toBeVisible();
  await page.goto(`/boards/${boardId}`);
  await addTask(page, "To do", "Seen live");
  await expect(bobPage.getByRole("article", { name: "Seen live" })).toBeVisible();

  // The stream drops and reconnecting fails while Ann keeps working.
  await bobPage.route("**/events*", (route) => route.abort("connectionreset"));
  await bobPage.evaluate(() => {
    const sources = (window as unknown as { __sources: EventSource[] }).__sources;
    const current = sources.at(-1)!;
    current.close();
    current.onerror?.(new Event("error"));
  });
  await expect(bobPage.getByText("Reconnecting…", { exact: true })).toBeVisible();
  await addTask(page, "To do", "Made while Bob was offline");
  await addTask(page, "Doing", "Also made while offline");
  await page.getByRole("button", { name: 'Move "Seen live" to Done' }).click();
  await expect(columnOf(page, "Done").getByRole("article")).toHaveCount(1);
  await expect(bobPage.getByRole("article", { name: "Made while Bob was offline" })).toHaveCount(0);

  // Back online: the stream reopens from the last event id and replays what Bob missed.
  await bobPage.unroute("**/events*");
  await bobPage.evaluate(() => window.dispatchEvent(new Event("online")));
  await expect(bobPage.getByText("Live", { exact: true })).toBeVisible({ timeout: 15_000 });
  expect(streamUrls.at(-1)).toMatch(/[?&]last_event_id=\d+$/);
  await expect(
    columnOf(bobPage, "To do").getByRole("article", { name: "Made while Bob was offline" }),
  ).toBeVisible();
  await expect(
    columnOf(bobPage, "Doing").getByRole("article", { name: "Also made while offline" }),
  ).toBeVisible();
  await expect(columnOf(bobPage, "Done").getByRole("article", { name: "Seen live" })).toBeVisible();
  await expect(bobPage.getByRole("article")).toHaveCount(3);

  await bobContext.close();
});
