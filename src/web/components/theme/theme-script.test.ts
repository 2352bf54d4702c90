import { themeScript } from "./theme-script";

/** A system colour scheme the test can switch, as the OS would. */
function systemScheme(dark: boolean) {
  let listener: (() => void) | undefined;
  const query = {
    get matches() {
      return dark;
    },
    addEventListener: (_type: "change", callback: () => void) => {
      listener = callback;
    },
  };
  Object.defineProperty(window, "matchMedia", { configurable: true, value: () => query });
  return {
    switchTo(nowDark: boolean) {
      dark = nowDark;
      listener?.();
    },
  };
}

function runThemeScript() {
  // The inline script exactly as the layout sends it.
  new Function(themeScript)();
}

beforeEach(() => {
  window.localStorage.clear();
  document.documentElement.classList.remove("dark");
});

describe("themeScript", () => {
  it("applies the system scheme before paint and follows it while the page is open", () => {
    const system = systemScheme(false);
    runThemeScript();
    expect(document.documentElement).not.toHaveClass("dark");

    system.switchTo(true);
    expect(document.documentElement).toHaveClass("dark");
    system.switchTo(false);
    expect(document.documentElement).not.toHaveClass("dark");
  });

  it("keeps a stored choice when the system scheme changes", () => {
    window.localStorage.setItem("theme", "light");
    const system = systemScheme(true);
    runThemeScript();
    expect(document.documentElement).not.toHaveClass("dark");

    system.switchTo(false);
    window.localStorage.setItem("theme", "dark");
    system.switchTo(true);
    expect(document.documentElement).toHaveClass("dark");
  });
});
