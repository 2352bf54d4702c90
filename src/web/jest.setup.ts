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

// jsdom has <dialog> but none of its methods: what components/ui/modal.tsx relies on, as a
// browser does it. `showModal()` opens it as the topmost modal, `close()` closes it and fires
// "close", and Escape fires a cancelable "cancel" at the topmost one, closing it unless
// cancelled. (The focus trap and the inert page behind are the browser's: the e2e suite.)
if (typeof HTMLDialogElement !== "undefined" && !HTMLDialogElement.prototype.showModal) {
  const modals: HTMLDialogElement[] = [];
  const topmost = () => modals.filter((dialog) => dialog.isConnected && dialog.open).at(-1);
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    if (this.open) throw new DOMException("The dialog is already open.", "InvalidStateError");
    this.setAttribute("open", "");
    modals.push(this);
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    if (!this.open) return;
    this.removeAttribute("open");
    if (modals.includes(this)) modals.splice(modals.indexOf(this), 1);
    this.dispatchEvent(new Event("close"));
  };
  document.addEventListener("keydown", (event) => {
    const dialog = topmost();
    if (event.key !== "Escape" || !dialog) return;
    if (dialog.dispatchEvent(new Event("cancel", { cancelable: true }))) dialog.close();
  });
}
