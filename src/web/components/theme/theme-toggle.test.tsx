import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ThemeProvider } from "next-themes";

import { ThemeToggle } from "./theme-toggle";

/** A system colour scheme the test can switch, as the OS would (next-themes listens to it). */
function systemScheme(dark: boolean) {
  const listeners = new Set<() => void>();
  const query = {
    get matches() {
      return dark;
    },
    media: "(prefers-color-scheme: dark)",
    addListener: (listener: () => void) => listeners.add(listener),
    removeListener: (listener: () => void) => listeners.delete(listener),
  };
  Object.defineProperty(window, "matchMedia", { configurable: true, value: () => query });
  return {
    switchTo(nowDark: boolean) {
      dark = nowDark;
      act(() => listeners.forEach((listener) => listener()));
    },
  };
}

/** The toggle under the provider, configured as the root layout configures it. */
function renderToggle() {
  render(
    <ThemeProvider attribute="class" enableSystem storageKey="theme">
      <ThemeToggle />
    </ThemeProvider>,
  );
  return screen.getByRole("button");
}

const html = document.documentElement;

beforeEach(() => {
  window.localStorage.clear();
  html.className = "";
  // next-themes renders its inline script in the browser too, where React warns that it will
  // not run: it ran from the server's HTML. Any other console.error still fails the test.
  const strict = jest.mocked(console.error).getMockImplementation();
  jest.mocked(console.error).mockImplementation((...args: unknown[]) => {
    if (!String(args[0]).startsWith("Encountered a script tag")) strict?.(...args);
  });
});

describe("ThemeToggle", () => {
  it("cycles system -> light -> dark -> system and remembers the choice", async () => {
    systemScheme(true);
    const button = renderToggle();
    expect(button).toHaveAccessibleName("System theme (switch to light theme)");
    expect(html).toHaveClass("dark");

    await userEvent.click(button);
    expect(window.localStorage.getItem("theme")).toBe("light");
    expect(html).not.toHaveClass("dark");
    expect(button).toHaveAccessibleName("Light theme (switch to dark theme)");

    await userEvent.click(button);
    expect(window.localStorage.getItem("theme")).toBe("dark");
    expect(html).toHaveClass("dark");
    expect(button).toHaveAccessibleName("Dark theme (switch to system theme)");

    await userEvent.click(button);
    expect(window.localStorage.getItem("theme")).toBe("system");
    // The system preference (dark in this test) applies again.
    expect(html).toHaveClass("dark");
    expect(button).toHaveAttribute("title", "System theme");
  });

  it("keeps a choice stored earlier, whatever the system scheme does", () => {
    window.localStorage.setItem("theme", "light");
    const system = systemScheme(true);
    const button = renderToggle();
    expect(button).toHaveAccessibleName("Light theme (switch to dark theme)");
    expect(html).not.toHaveClass("dark");
    system.switchTo(false);
    system.switchTo(true);
    expect(html).not.toHaveClass("dark");
  });

  it("follows the system scheme while the page is open, without a stored choice", () => {
    const system = systemScheme(false);
    renderToggle();
    expect(html).not.toHaveClass("dark");
    system.switchTo(true);
    expect(html).toHaveClass("dark");
    system.switchTo(false);
    expect(html).not.toHaveClass("dark");
  });
});
