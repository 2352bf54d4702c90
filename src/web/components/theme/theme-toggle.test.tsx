import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { ThemeToggle } from "./theme-toggle";

beforeAll(() => {
  Object.defineProperty(window, "matchMedia", {
    configurable: true,
    value: (query: string) => ({ matches: query.includes("dark"), media: query }),
  });
});
beforeEach(() => {
  window.localStorage.clear();
  document.documentElement.classList.remove("dark");
});

describe("ThemeToggle", () => {
  it("cycles system -> light -> dark -> system and remembers the choice", async () => {
    render(<ThemeToggle />);
    const button = screen.getByRole("button", { name: /System theme/ });

    await userEvent.click(button);
    expect(window.localStorage.getItem("theme")).toBe("light");
    expect(document.documentElement).not.toHaveClass("dark");
    expect(button).toHaveAccessibleName(/Light theme/);

    await userEvent.click(button);
    expect(window.localStorage.getItem("theme")).toBe("dark");
    expect(document.documentElement).toHaveClass("dark");

    await userEvent.click(button);
    expect(window.localStorage.getItem("theme")).toBeNull();
    // The system preference (dark in this test) applies again.
    expect(document.documentElement).toHaveClass("dark");
  });
});
