// Runs once when the server starts: configuration errors stop it here, not on the first request.
// Node.js-only code is imported inside the runtime check, so the Edge build never compiles it.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { serverEnv } = await import("./lib/env/server");
    const { logger } = await import("./lib/logger");
    const { exitCleanlyAfterDrain } = await import("./lib/shutdown");
    const env = serverEnv();
    logger.info({ apiUrl: env.API_URL }, "web server configured");
    exitCleanlyAfterDrain();
  }
}
