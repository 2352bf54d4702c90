import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { membersAdd, membersRemove, membersUpdate } from "@/lib/api/generated/sdk.gen";
import { fail, ok } from "@/test-utils/api";
import { BOARD_ID, ME, OTHER, member } from "@/test-utils/fixtures";

import { MembersManager } from "./members-manager";

const router = { refresh: jest.fn(), push: jest.fn() };
jest.mock("next/navigation", () => ({ useRouter: () => router }));
jest.mock("@/lib/api/browser-client", () => ({ browserClient: () => ({}) }));
jest.mock("@/lib/api/generated/sdk.gen");

const add = jest.mocked(membersAdd);
const update = jest.mocked(membersUpdate);
const remove = jest.mocked(membersRemove);

const me = member({ user_id: ME, display_name: "Me", role: "owner" });
const olga = member({
  user_id: OTHER,
  display_name: "Olga",
  email: "olga@example.com",
  role: "editor",
});

function renderAs(role: "owner" | "editor" | "viewer") {
  render(
    <MembersManager boardId={BOARD_ID} members={[{ ...me, role }, olga]} myRole={role} meId={ME} />,
  );
}

beforeEach(() => {
  jest.clearAllMocks();
  jest.spyOn(window, "confirm").mockReturnValue(true);
});

describe("MembersManager", () => {
  it("lets an owner invite by email with a role", async () => {
    const sam = member({
      user_id: "u-sam",
      display_name: "Sam",
      email: "sam@example.com",
      role: "viewer",
    });
    add.mockReturnValue(ok(sam, 201) as never);
    renderAs("owner");
    await userEvent.type(screen.getByLabelText("Email of an existing user"), "sam@example.com");
    await userEvent.selectOptions(screen.getByLabelText("Role"), "viewer");
    await userEvent.click(screen.getByRole("button", { name: "Add member" }));
    expect(add).toHaveBeenCalledWith(
      expect.objectContaining({
        path: { board_id: BOARD_ID },
        body: { email: "sam@example.com", role: "viewer" },
      }),
    );
    expect(await screen.findByText("Sam was added as viewer.")).toBeInTheDocument();
    expect(screen.getByText("sam@example.com")).toBeInTheDocument();
  });

  it("validates the email before inviting and shows the API's answer on the field", async () => {
    renderAs("owner");
    const email = screen.getByLabelText("Email of an existing user");
    await userEvent.type(email, "not-an-email");
    await userEvent.click(screen.getByRole("button", { name: "Add member" }));
    expect(email).toHaveAccessibleDescription("Enter a valid email address");
    expect(add).not.toHaveBeenCalled();

    add.mockReturnValue(fail(404, { status: 404, detail: "no user with this email" }) as never);
    await userEvent.clear(email);
    await userEvent.type(email, "nobody@example.com");
    await userEvent.click(screen.getByRole("button", { name: "Add member" }));
    expect(email).toHaveAccessibleDescription("No user with this email");
  });

  it("changes a role and reports a refused change", async () => {
    update.mockReturnValueOnce(ok({ ...olga, role: "owner" }) as never);
    renderAs("owner");
    await userEvent.selectOptions(screen.getByLabelText("Role of Olga"), "owner");
    expect(update).toHaveBeenCalledWith(
      expect.objectContaining({
        path: { board_id: BOARD_ID, user_id: OTHER },
        body: { role: "owner" },
      }),
    );
    expect(screen.getByLabelText("Role of Olga")).toHaveValue("owner");

    update.mockReturnValueOnce(
      fail(409, { status: 409, detail: "a board needs at least one owner" }) as never,
    );
    await userEvent.selectOptions(screen.getByLabelText("Role of Me"), "viewer");
    expect(await screen.findByRole("alert")).toHaveTextContent("A board needs at least one owner");
  });

  it("removes a member after confirmation", async () => {
    remove.mockReturnValue(ok(undefined, 204) as never);
    renderAs("owner");
    await userEvent.click(screen.getByRole("button", { name: "Remove Olga" }));
    expect(remove).toHaveBeenCalledWith(
      expect.objectContaining({ path: { board_id: BOARD_ID, user_id: OTHER } }),
    );
    expect(screen.queryByText("Olga")).not.toBeInTheDocument();
  });

  it("is read-only for viewers and editors, who may only leave", async () => {
    remove.mockReturnValue(ok(undefined, 204) as never);
    renderAs("viewer");
    expect(screen.queryByRole("button", { name: "Add member" })).not.toBeInTheDocument();
    expect(screen.queryByRole("combobox")).not.toBeInTheDocument();
    expect(screen.getByText("Only owners can invite members or change roles.")).toBeInTheDocument();
    const list = screen.getByRole("list");
    expect(within(list).queryByRole("button", { name: "Remove Olga" })).not.toBeInTheDocument();
    await userEvent.click(within(list).getByRole("button", { name: "Leave board" }));
    expect(router.push).toHaveBeenCalledWith("/boards");
  });
});
