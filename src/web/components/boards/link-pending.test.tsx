import { render, screen } from "@testing-library/react";
import { useLinkStatus } from "next/link";

import { LinkPending } from "./link-pending";

jest.mock("next/link", () => ({ useLinkStatus: jest.fn() }));

describe("LinkPending", () => {
  it("says the board is opening while its page loads, and nothing otherwise", () => {
    jest.mocked(useLinkStatus).mockReturnValue({ pending: true });
    const { rerender } = render(<LinkPending />);
    expect(screen.getByRole("status")).toHaveTextContent("Opening…");
    jest.mocked(useLinkStatus).mockReturnValue({ pending: false });
    rerender(<LinkPending />);
    expect(screen.queryByRole("status")).not.toBeInTheDocument();
  });
});
