import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";

import { Modal } from "./modal";

// jsdom's <dialog> gets showModal(), close() and Escape from jest.setup.ts.

function renderModal() {
  const onClose = jest.fn();
  render(
    <Modal title="Edit task" onClose={onClose}>
      <input aria-label="First" />
      <button type="button">Last</button>
    </Modal>,
  );
  return { onClose, dialog: screen.getByRole("dialog", { name: "Edit task" }) };
}

/** A page with a button that opens the modal, as the board opens the task dialog. */
function Page() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Opener
      </button>
      {open ? (
        <Modal title="Edit task" onClose={() => setOpen(false)}>
          <input aria-label="First" />
        </Modal>
      ) : null}
    </>
  );
}

afterEach(() => jest.restoreAllMocks());

describe("Modal", () => {
  it("is a native dialog labelled by its title, opened modally, focusing its first control", () => {
    const showModal = jest.spyOn(HTMLDialogElement.prototype, "showModal");
    const { dialog } = renderModal();
    expect(dialog.tagName).toBe("DIALOG");
    expect(showModal).toHaveBeenCalledTimes(1);
    expect(dialog).toHaveAttribute("open");
    // Not the close button, which comes first in the panel.
    expect(screen.getByLabelText("First")).toHaveFocus();
  });

  it("asks to close on Escape and with the close button, without closing itself", async () => {
    const { onClose, dialog } = renderModal();
    await userEvent.keyboard("{Escape}");
    expect(onClose).toHaveBeenCalledTimes(1);
    // The caller closes it, by unmounting it: Escape's own closing is cancelled.
    expect(dialog).toHaveAttribute("open");
    await userEvent.click(screen.getByRole("button", { name: "Close" }));
    expect(onClose).toHaveBeenCalledTimes(2);
  });

  it("closes on a click on the backdrop, not on one inside or dragged out of the panel", async () => {
    const { onClose, dialog } = renderModal();
    await userEvent.click(screen.getByLabelText("First"));
    await userEvent.click(screen.getByText("Edit task"));
    // A press in a field released over the backdrop (selecting text): the click is the dialog's.
    fireEvent.mouseDown(screen.getByLabelText("First"));
    fireEvent.click(dialog);
    expect(onClose).not.toHaveBeenCalled();
    // The backdrop: clicks on it target the dialog element itself.
    await userEvent.click(dialog);
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it("closes when unmounted and gives focus back to the opener", async () => {
    const close = jest.spyOn(HTMLDialogElement.prototype, "close");
    render(<Page />);
    await userEvent.click(screen.getByRole("button", { name: "Opener" }));
    expect(screen.getByLabelText("First")).toHaveFocus();
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(close).toHaveBeenCalled();
    expect(screen.getByRole("button", { name: "Opener" })).toHaveFocus();
  });
});
