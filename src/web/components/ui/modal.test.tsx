import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { Modal } from "./modal";

function renderModal() {
  const onClose = jest.fn();
  render(
    <>
      <button type="button">Opener</button>
      <Modal title="Edit task" onClose={onClose}>
        <input aria-label="First" />
        <button type="button">Last</button>
      </Modal>
    </>,
  );
  return onClose;
}

describe("Modal", () => {
  it("is a labelled dialog that focuses its first control", () => {
    renderModal();
    expect(screen.getByRole("dialog", { name: "Edit task" })).toHaveAttribute("aria-modal", "true");
    expect(screen.getByLabelText("First")).toHaveFocus();
  });

  it("closes on Escape and with the close button", async () => {
    const onClose = renderModal();
    await userEvent.keyboard("{Escape}");
    await userEvent.click(screen.getByRole("button", { name: "Close" }));
    expect(onClose).toHaveBeenCalledTimes(2);
  });

  it("keeps Tab inside the dialog", async () => {
    renderModal();
    screen.getByRole("button", { name: "Last" }).focus();
    await userEvent.tab();
    expect(screen.getByRole("button", { name: "Close" })).toHaveFocus();
    await userEvent.tab({ shift: true });
    expect(screen.getByRole("button", { name: "Last" })).toHaveFocus();
  });
});
