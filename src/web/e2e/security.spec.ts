import { expect, test } from "./fixtures";

import { newUser } from "./helpers";

// The web server is started trusting no proxy (playwright.config.ts): this client talks to it
// directly, as a browser would to a Next server exposed without an edge in front.
test("a forged X-Forwarded-For buys no extra sign-in attempts", async ({ request }) => {
  const { email } = newUser("Mallory");
  const statuses: number[] = [];
  for (let attempt = 1; attempt <= 6; attempt += 1) {
    const answer = await request.post("/api/v1/auth/login", {
      data: { email, password: "not the password" }, // pragma: allowlist secret
      // A new address each time: if the API believed it, every attempt would be a first one.
      headers: { "x-forwarded-for": `203.0.113.${attempt}` },
    });
    statuses.push(answer.status());
  }
  // The API's budget is 5 a minute per address and email: the sixth is refused.
  expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
});

test("every page has its own nonce, on every script, and no inline script is allowed", async ({
  request,
}) => {
  const nonces = new Set<string>();
  for (const path of ["/sign-in", "/sign-in"]) {
    const answer = await request.get(path);
    const policy = answer.headers()["content-security-policy"] ?? "";
    const scriptSrc = policy.split("; ").find((d) => d.startsWith("script-src ")) ?? "";
    expect(scriptSrc).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/]{22}==' 'strict-dynamic'$/);
    const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1] ?? "";
    nonces.add(nonce);
    const scripts = [...(await answer.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(1);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  }
  expect(nonces.size).toBe(2);
});

test("the browser refuses a script injected into a page", async ({ page, cspViolations }) => {
  // What a stored or reflected XSS would do: an inline script in the served HTML.
  await page.route("**/sign-in", async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace(
      "</body>",
      "<script>document.documentElement.dataset.injected = 'ran'</script></body>",
    );
    await route.fulfill({ response, body });
  });
  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await expect.poll(() => cspViolations.length).toBe(1);
  expect(await page.locator("html").getAttribute("data-injected")).toBeNull();
  expect(cspViolations[0]).toMatch(/inline script violates .*script-src.* blocked/);
  cspViolations.length = 0; // The one violation this test expects.
});
