import "@testing-library/jest-dom";

// React reports unhandled state updates, bad props and key warnings through console.error:
// treat them as failures so they are fixed rather than scrolled past.
const consoleError = console.error;
beforeEach(() => {
  jest.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    consoleError(...args);
    throw new Error(`console.error was called: ${String(args[0])}`);
  });
});
