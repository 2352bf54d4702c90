import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { boardsCreate } from "@/lib/api/generated/sdk.gen";
import { fail, ok } from "@/test-utils/api";
import { BOARD_ID } from "@/test-utils/fixtures";

import { BoardList } from "./board-list";
import { CreateBoardForm } from "./create-board-form";

const router = { push: jest.fn() };
jest.mock("next/navigation", () => ({ useRouter: () => router }));
jest.mock("@/lib/api/browser-client", () => ({ browserClient: () => ({}) }));
jest.mock("@/lib/api/generated/sdk.gen");

const create = jest.mocked(boardsCreate);

beforeEach(() => jest.clearAllMocks());

describe("CreateBoardForm", () => {
  it("requires a name", async () => {
    render(<CreateBoardForm />);
    await userEvent.type(screen.getByLabelText("New board name"), "   ");
    await userEvent.click(screen.getByRole("button", { name: "Create board" }));
    expect(screen.getByLabelText("New board name")).toHaveAccessibleDescription("Required");
    expect(create).not.toHaveBeenCalled();
  });

  it("creates the board and opens it", async () => {
    create.mockReturnValue(ok({ id: BOARD_ID, name: "Launch", role: "owner" }, 201) as never);
    render(<CreateBoardForm />);
    await userEvent.type(screen.getByLabelText("New board name"), "Launch");
    await userEvent.click(screen.getByRole("button", { name: "Create board" }));
    expect(create).toHaveBeenCalledWith(expect.objectContaining({ body: { name: "Launch" } }));
    expect(router.push).toHaveBeenCalledWith(`/boards/${BOARD_ID}`);
  });

  it("shows API errors on the field or as a banner", async () => {
    create.mockReturnValueOnce(
      fail(422, { errors: [{ field: "body.name", message: "name is reserved" }] }) as never,
    );
    render(<CreateBoardForm />);
    await userEvent.type(screen.getByLabelText("New board name"), "admin");
    await userEvent.click(screen.getByRole("button", { name: "Create board" }));
    expect(screen.getByLabelText("New board name")).toHaveAccessibleDescription("name is reserved");

    create.mockReturnValueOnce(fail(503, {}) as never);
    await userEvent.click(screen.getByRole("button", { name: "Create board" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Something went wrong");
  });
});

describe("BoardList", () => {
  it("shows an empty state", () => {
    render(<BoardList boards={[]} />);
    expect(screen.getByText("No boards yet")).toBeInTheDocument();
  });

  it("links each board with the caller's role", () => {
    render(
      <BoardList
        boards={[{ id: BOARD_ID, name: "Launch", role: "viewer", created_at: "", updated_at: "" }]}
      />,
    );
    expect(screen.getByRole("link", { name: /Launch/ })).toHaveAttribute(
      "href",
      `/boards/${BOARD_ID}`,
    );
    expect(screen.getByText("viewer")).toBeInTheDocument();
  });
});
