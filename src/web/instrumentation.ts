// Runs once when the server starts: configuration errors stop it here, not on the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { serverEnv } = await import("./lib/env/server");
    const { logger } = await import("./lib/logger");
    const env = serverEnv();
    logger.info({ apiUrl: env.API_URL }, "web server configured");
    exitCleanlyAfterDrain();
  }
}

// Next's standalone server drains on SIGTERM (stops accepting, finishes in-flight requests),
// then exits 143 (128 + SIGTERM) by design. A stop the orchestrator asked for that drained is a
// clean stop: exit 0, as the API does, so Docker and Swarm record success.
function exitCleanlyAfterDrain() {
  process.once("SIGTERM", () => {
    process.once("exit", (code) => {
      if (code === 143) process.exitCode = 0;
    });
  });
}
