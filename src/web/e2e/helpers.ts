import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";

export interface TestUser {
  email: string;
  password: string;
  name: string;
}

let counter = 0;

export function newUser(name: string): TestUser {
  counter += 1;
  const unique = `${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 6)}`;
  return {
    email: `${name.toLowerCase()}-${unique}@example.com`,
    password: "correct horse battery",
    name,
  };
}

/** Sign up and in through the UI, ending on the boards page. */
export async function signUpInUi(page: Page, user: TestUser) {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/boards$/);
  await expect(page.getByRole("heading", { name: "Your boards" })).toBeVisible();
}

/**
 * Register and sign in through the API (same origin, so the context's cookie jar gets the
 * session cookies exactly as a browser would).
 */
export async function signUpViaApi(context: BrowserContext, user: TestUser) {
  const register = await context.request.post("/api/v1/auth/register", {
    data: { email: user.email, password: user.password, display_name: user.name },
  });
  expect(register.status()).toBe(201);
  const login = await context.request.post("/api/v1/auth/login", {
    data: { email: user.email, password: user.password },
  });
  expect(login.status()).toBe(200);
}

/** Create a board through the UI and return its id (we land on it). */
export async function createBoard(page: Page, name: string): Promise<string> {
  await page.goto("/boards");
  await page.getByLabel("New board name").fill(name);
  await page.getByRole("button", { name: "Create board" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  const id = /\/boards\/([0-9a-f-]{36})$/.exec(page.url())?.[1];
  expect(id).toBeTruthy();
  return id!;
}

export async function addTask(page: Page, column: "To do" | "Doing" | "Done", title: string) {
  await page.getByRole("button", { name: `Add task to ${column}` }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Title").fill(title);
  await dialog.getByRole("button", { name: "Add task" }).click();
  await expect(dialog).toBeHidden();
  await expect(columnOf(page, column).getByRole("article", { name: title })).toBeVisible();
}

export function columnOf(page: Page, column: "To do" | "Doing" | "Done") {
  return page.getByRole("region", { name: new RegExp(`^${column}`) });
}

export async function invite(
  page: Page,
  boardId: string,
  email: string,
  role: "viewer" | "editor" | "owner",
) {
  await page.goto(`/boards/${boardId}/members`);
  await page.getByLabel("Email of an existing user").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption(role);
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByText(new RegExp(`was added as ${role}`))).toBeVisible();
}

/**
 * A second person in a browser context of their own: signed up through the API, then added to
 * the board by `owner` (whose page goes to the members page to do it). `prepare` runs on the
 * new context before anything loads in it (init scripts).
 */
export async function joinBoard(
  owner: Page,
  browser: Browser,
  boardId: string,
  user: TestUser,
  role: "viewer" | "editor",
  prepare?: (context: BrowserContext) => Promise<unknown>,
): Promise<BrowserContext> {
  const context = await browser.newContext();
  await prepare?.(context);
  await signUpViaApi(context, user);
  await invite(owner, boardId, user.email, role);
  return context;
}
