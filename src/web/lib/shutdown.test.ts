/** @jest-environment node */
import { exitCleanlyAfterDrain } from "./shutdown";

type Handler = (...args: unknown[]) => void;

// Captures what the module registers instead of touching the test process's own signals.
function registered() {
  const handlers = new Map<string, Handler>();
  const once = jest.spyOn(process, "once").mockImplementation(((
    event: string,
    handler: Handler,
  ) => {
    handlers.set(event, handler);
    return process;
  }) as typeof process.once);
  return { handlers, restore: () => once.mockRestore() };
}

describe("exitCleanlyAfterDrain", () => {
  const initial = process.exitCode;
  afterEach(() => {
    process.exitCode = initial;
  });

  it.each([
    [143, 0],
    [1, 1],
  ])("after SIGTERM, exit code %i becomes %i", (code, expected) => {
    const { handlers, restore } = registered();
    try {
      exitCleanlyAfterDrain();
      expect([...handlers.keys()]).toEqual(["SIGTERM"]);
      handlers.get("SIGTERM")!();
      process.exitCode = code;
      handlers.get("exit")!(code);
      expect(process.exitCode).toBe(expected);
    } finally {
      restore();
    }
  });

  it("leaves exits without a SIGTERM alone", () => {
    const { handlers, restore } = registered();
    try {
      exitCleanlyAfterDrain();
      expect(handlers.has("exit")).toBe(false);
    } finally {
      restore();
    }
  });
});
