import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests against the production build (`.next/standalone`, from `pnpm build`) and
 * the real API on a fresh SQLite file, both started here. Override with environment variables:
 *
 *   E2E_API_COMMAND  how to start the API (default: `python -m taskboard.server` run from
 *                    src/python; point it at a PEX with `E2E_API_COMMAND="dist/api.pex"`)
 *   E2E_API_CWD      its working directory (default: ../python)
 *   E2E_WEB_COMMAND  how to start the web server (default: the standalone server.js)
 *   E2E_API_PORT / E2E_WEB_PORT    ports (defaults 18000 / 13000)
 *   CHROMIUM_PATH    the browser (default /usr/bin/chromium-headless-shell, as scripts/e2e.sh
 *                    finds it: `playwright install` needs a CDN these machines cannot reach, and
 *                    Debian's chromium-headless-shell is the build Playwright drives headless)
 */
const apiPort = Number(process.env.E2E_API_PORT ?? 18000);
const webPort = Number(process.env.E2E_WEB_PORT ?? 13000);
const apiUrl = `http://127.0.0.1:${apiPort}`;
const webUrl = `http://127.0.0.1:${webPort}`;
// A new database per run; workers re-read this file, but only the main process starts servers.
const database = join(tmpdir(), `taskboard-e2e-${Date.now()}.db`);

export default defineConfig({
  testDir: "./e2e",
  // Two shared cores: one browser at a time keeps timings honest. The suite is CPU-bound: two
  // workers took as long (59 s against 60 s), each test twice as slow.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  // A failed test runs once more, recording a trace (test-results/), and still fails the run:
  // a pass on the retry is reported as flaky, and CI treats flaky as failed. Tracing every
  // first attempt instead cost about a fifth of the suite's time (docs/benchmarks.md).
  retries: 1,
  failOnFlakyTests: true,
  timeout: 30_000,
  expect: { timeout: 7_500 },
  reporter: process.env.CI
    ? [["list"], ["junit", { outputFile: "test-results/junit.xml" }]]
    : "list",
  use: {
    baseURL: webUrl,
    trace: "on-first-retry",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium-headless-shell",
          args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        },
      },
    },
  ],
  webServer: [
    {
      name: "api",
      command: process.env.E2E_API_COMMAND ?? "python -m taskboard.server",
      cwd: process.env.E2E_API_CWD ?? join(import.meta.dirname, "..", "python"),
      url: `${apiUrl}/healthz`,
      env: {
        ENVIRONMENT: "test",
        HOST: "127.0.0.1",
        PORT: String(apiPort),
        DATABASE_URL: `sqlite:///${database}`,
        SECRET_KEY: randomBytes(32).toString("hex"),
        // Keep e2e fast; production keeps the OWASP-level argon2 cost.
        PASSWORD_HASH_TIME_COST: "1",
        PASSWORD_HASH_MEMORY_KIB: "8192",
        SSE_HEARTBEAT_SECONDS: "5",
        LOG_LEVEL: "WARNING",
      },
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
    },
    {
      name: "web",
      command: process.env.E2E_WEB_COMMAND ?? "node .next/standalone/server.js",
      cwd: import.meta.dirname,
      url: `${webUrl}/healthz`,
      env: {
        NODE_ENV: "production",
        HOSTNAME: "127.0.0.1",
        PORT: String(webPort),
        API_URL: apiUrl,
        LOG_LEVEL: "warn",
        // Not on the default port: another web server (`pants run :dev`) may hold it.
        METRICS_PORT: "0",
        // No proxy in front: the suite talks to Next directly, as a browser would to a web
        // server exposed without an edge, so a client's X-Forwarded-For must count for nothing.
        FORWARDED_ALLOW_IPS: "",
      },
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
    },
  ],
});
