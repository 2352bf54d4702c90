// Next's standalone server drains on SIGTERM (stops accepting, finishes in-flight requests),
// then exits 143 (128 + SIGTERM) by design. A stop the orchestrator asked for that drained is a
// clean stop: exit 0, as the API does, so Docker and Swarm record success. Node.js runtime only:
// instrumentation.ts imports this module behind its NEXT_RUNTIME check, so the Edge bundle never
// sees `process.once` or `process.exitCode`.
export function exitCleanlyAfterDrain() {
  process.once("SIGTERM", () => {
    process.once("exit", (code) => {
      if (code === 143) process.exitCode = 0;
    });
  });
}
