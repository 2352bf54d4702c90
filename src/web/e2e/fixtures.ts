import { expect, test as base } from "@playwright/test";

/**
 * Every spec imports `test` from here: each page is served with its nonce-based
 * Content-Security-Policy enforced (proxy.ts), and a test fails on any violation the browser
 * reports in its page's context, so a script or style the policy blocks cannot go unnoticed.
 */
export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ context }, use) => {
      const violations: string[] = [];
      context.on("console", (message) => {
        if (message.type() === "error" && message.text().includes("Content Security Policy")) {
          violations.push(message.text());
        }
      });
      await use(violations);
      expect(violations, "Content-Security-Policy violations").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
