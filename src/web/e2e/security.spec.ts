import { expect, test } from "@playwright/test";

import { newUser } from "./helpers";

// The web server is started trusting no proxy (playwright.config.ts): this client talks to it
// directly, as a browser would to a Next server exposed without an edge in front.
test("a forged X-Forwarded-For buys no extra sign-in attempts", async ({ request }) => {
  const { email } = newUser("Mallory");
  const statuses: number[] = [];
  for (let attempt = 1; attempt <= 6; attempt += 1) {
    const answer = await request.post("/api/v1/auth/login", {
      data: { email, password: "not the password" },
      // A new address each time: if the API believed it, every attempt would be a first one.
      headers: { "x-forwarded-for": `203.0.113.${attempt}` },
    });
    statuses.push(answer.status());
  }
  // The API's budget is 5 a minute per address and email: the sixth is refused.
  expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
});
