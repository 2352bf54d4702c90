import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { authMe, tasksDelete, tasksGet, tasksList, tasksUpdate } from "@/lib/api/generated/sdk.gen";
import type { Role } from "@/lib/api/generated/types.gen";
import { FakeEventSource, fail, ok } from "@/test-utils/api";
import { BOARD_ID, ME, OTHER, member, task } from "@/test-utils/fixtures";

import { BoardView } from "./board-view";

jest.mock("next/navigation", () => ({ useRouter: () => ({ refresh: jest.fn() }) }));
jest.mock("@/lib/api/browser-client", () => ({ browserClient: () => ({}) }));
jest.mock("@/lib/api/generated/sdk.gen");

const update = jest.mocked(tasksUpdate);
const get = jest.mocked(tasksGet);
const list = jest.mocked(tasksList);
const remove = jest.mocked(tasksDelete);

const board = (role: Role = "editor") => ({
  id: BOARD_ID,
  name: "Launch",
  role,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
});

const members = [
  member({ user_id: ME, display_name: "Me", role: "editor" }),
  member({ user_id: OTHER, display_name: "Olga", email: "olga@example.com", role: "owner" }),
];

function renderBoard(tasks = [task({ title: "Write spec" })], role: Role = "editor") {
  return render(<BoardView board={board(role)} tasks={tasks} members={members} meId={ME} />);
}

const column = (name: string) => screen.getByRole("region", { name: new RegExp(`^${name}`) });

beforeAll(() => {
  Object.defineProperty(window, "EventSource", { value: FakeEventSource, configurable: true });
});
beforeEach(() => {
  jest.clearAllMocks();
  FakeEventSource.reset();
  list.mockReturnValue(ok({ items: [], next_cursor: null }) as never);
  jest.mocked(authMe).mockReturnValue(ok({}) as never);
});

describe("BoardView", () => {
  it("shows three columns with empty states and a connection indicator", async () => {
    renderBoard([]);
    for (const name of ["To do", "Doing", "Done"]) {
      expect(within(column(name)).getByText("No tasks")).toBeInTheDocument();
    }
    expect(screen.getByText("Connecting…")).toBeInTheDocument();
    await act(async () => FakeEventSource.latest().open());
    expect(screen.getByText("Live")).toBeInTheDocument();
  });

  it("moves a task with the keyboard-accessible buttons, sending its ETag", async () => {
    const t = task({ title: "Write spec", version: 3 });
    update.mockReturnValue(ok({ ...t, status: "doing", version: 4 }) as never);
    renderBoard([t]);
    await userEvent.click(screen.getByRole("button", { name: 'Move "Write spec" to Doing' }));
    expect(update).toHaveBeenCalledWith(
      expect.objectContaining({
        path: { task_id: t.id },
        headers: { "If-Match": '"3"' },
        body: { status: "doing", position: 1024 },
      }),
    );
    await waitFor(() =>
      expect(within(column("Doing")).getByText("Write spec")).toBeInTheDocument(),
    );
    expect(within(column("To do")).queryByText("Write spec")).not.toBeInTheDocument();
  });

  it("on a 412 shows the other person's version and retries the move on request", async () => {
    const mine = task({ title: "Write spec", version: 1 });
    const theirs = { ...mine, title: "Write the spec", version: 2 };
    update
      .mockReturnValueOnce(fail(412, { status: 412, code: "precondition_failed" }) as never)
      .mockReturnValueOnce(ok({ ...theirs, status: "done", version: 3 }) as never);
    get.mockReturnValue(ok(theirs) as never);
    renderBoard([mine]);

    await userEvent.click(screen.getByRole("button", { name: 'Move "Write spec" to Done' }));

    const alert = await screen.findByText(/Someone else changed "Write the spec"/);
    expect(within(column("To do")).getByText("Write the spec")).toBeInTheDocument();
    await userEvent.click(within(alert.parentElement!).getByRole("button", { name: "Retry" }));
    expect(update).toHaveBeenLastCalledWith(
      expect.objectContaining({ headers: { "If-Match": '"2"' } }),
    );
    await waitFor(() =>
      expect(within(column("Done")).getByText("Write the spec")).toBeInTheDocument(),
    );
  });

  it("applies changes made by others from the live stream", async () => {
    const t = task({ title: "Write spec" });
    list.mockReturnValue(ok({ items: [t], next_cursor: null }) as never);
    renderBoard([t]);
    const es = FakeEventSource.latest();
    await act(async () => es.open());
    act(() => {
      es.emit("task.updated", 10, { ...t, status: "done", version: 2, assignee_id: OTHER });
      es.emit("task.created", 11, task({ title: "From Olga", status: "doing" }));
    });
    // Events are applied once the (lazily loaded) parser has read them, in arrival order.
    expect(await within(column("Doing")).findByText("From Olga")).toBeInTheDocument();
    expect(within(column("Done")).getByText("Write spec")).toBeInTheDocument();
    expect(within(column("Done")).getByText("Olga")).toBeInTheDocument();
    act(() => es.emit("task.deleted", 12, { id: t.id, board_id: BOARD_ID }));
    await waitFor(() => expect(screen.queryByText("Write spec")).not.toBeInTheDocument());
  });

  it("becomes read-only when my role is lowered to viewer while watching", async () => {
    renderBoard();
    expect(screen.getAllByRole("button", { name: /Add task to/ })).toHaveLength(3);
    act(() =>
      FakeEventSource.latest().emit("member.updated", 3, {
        user_id: ME,
        email: "me@example.com",
        display_name: "Me",
        role: "viewer",
      }),
    );
    expect(await screen.findByText(/You are a viewer/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Add task to/ })).not.toBeInTheDocument();
  });

  it("shows viewers the board without any editing control", () => {
    renderBoard([task({ title: "Write spec" })], "viewer");
    expect(screen.getByText("Write spec")).toBeInTheDocument();
    expect(
      screen.queryByRole("button", { name: /Move|Edit|Delete|Add task/ }),
    ).not.toBeInTheDocument();
  });

  it("stops streaming when the board is deleted", async () => {
    renderBoard();
    const es = FakeEventSource.latest();
    act(() => es.emit("board.deleted", 4, { id: BOARD_ID }));
    expect(await screen.findByText("This board was deleted.")).toBeInTheDocument();
    expect(es.closed).toBe(true);
    expect(screen.getByText("Not live")).toBeInTheDocument();
  });

  it("creates a task through the dialog", async () => {
    renderBoard([]);
    await userEvent.click(screen.getByRole("button", { name: "Add task to Doing" }));
    // The dialog's module loads on first use.
    const dialog = await screen.findByRole("dialog", { name: "New task in Doing" });
    expect(within(dialog).getByLabelText("Status")).toHaveValue("doing");
    expect(within(dialog).getByLabelText("Title")).toHaveFocus();
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("deletes a task after confirmation", async () => {
    const t = task({ title: "Obsolete" });
    remove.mockReturnValue(ok(undefined, 204) as never);
    jest.spyOn(window, "confirm").mockReturnValue(true);
    renderBoard([t]);
    await userEvent.click(screen.getByRole("button", { name: 'Delete "Obsolete"' }));
    await waitFor(() => expect(screen.queryByText("Obsolete")).not.toBeInTheDocument());
    expect(remove).toHaveBeenCalledWith(
      expect.objectContaining({ headers: { "If-Match": '"1"' } }),
    );
  });

  it("asks again before deleting a task someone else changed meanwhile", async () => {
    const mine = task({ title: "Obsolete", version: 1 });
    const theirs = { ...mine, title: "Still needed?", version: 2 };
    remove
      .mockReturnValueOnce(fail(412, { status: 412 }) as never)
      .mockReturnValueOnce(ok(undefined, 204) as never);
    get.mockReturnValue(ok(theirs) as never);
    jest.spyOn(window, "confirm").mockReturnValue(true);
    renderBoard([mine]);

    await userEvent.click(screen.getByRole("button", { name: 'Delete "Obsolete"' }));
    const notice = await screen.findByText(/Someone else changed "Still needed\?" meanwhile/);
    await userEvent.click(within(notice.parentElement!).getByRole("button", { name: "Retry" }));
    expect(remove).toHaveBeenLastCalledWith(
      expect.objectContaining({ headers: { "If-Match": '"2"' } }),
    );
    await waitFor(() => expect(screen.queryByText("Still needed?")).not.toBeInTheDocument());
  });

  it("shows a refused move as a notice", async () => {
    update.mockReturnValue(
      fail(403, { status: 403, detail: "viewers cannot change tasks" }) as never,
    );
    renderBoard([task({ title: "Write spec" })]);
    await userEvent.click(screen.getByRole("button", { name: 'Move "Write spec" to Done' }));
    expect(await screen.findByText("Viewers cannot change tasks")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByText("Viewers cannot change tasks")).not.toBeInTheDocument();
  });

  it("moves a task dropped on another column", async () => {
    const t = task({ title: "Write spec", version: 2 });
    update.mockReturnValue(ok({ ...t, status: "done", version: 3 }) as never);
    renderBoard([t]);
    const dataTransfer = { types: ["text/task-id"], getData: () => t.id };
    fireEvent.dragOver(column("Done"), { dataTransfer });
    fireEvent.drop(column("Done"), { dataTransfer });
    await waitFor(() => expect(within(column("Done")).getByText("Write spec")).toBeInTheDocument());
    expect(update).toHaveBeenCalledWith(
      expect.objectContaining({
        headers: { "If-Match": '"2"' },
        body: expect.objectContaining({ status: "done" }),
      }),
    );
  });

  it("resyncs the snapshot when the stream first opens", async () => {
    const stale = task({ title: "Stale" });
    const fresh = task({ title: "Fresh" });
    list.mockReturnValue(ok({ items: [fresh], next_cursor: null }) as never);
    renderBoard([stale]);
    await act(async () => FakeEventSource.latest().open());
    expect(await screen.findByText("Fresh")).toBeInTheDocument();
    expect(screen.queryByText("Stale")).not.toBeInTheDocument();
  });
});
