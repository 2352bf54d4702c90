import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { tasksCreate, tasksGet, tasksUpdate } from "@/lib/api/generated/sdk.gen";
import { fail, ok } from "@/test-utils/api";
import { BOARD_ID, ME, OTHER, task } from "@/test-utils/fixtures";

import { TaskForm } from "./task-form";

jest.mock("@/lib/api/browser-client", () => ({ browserClient: () => ({}) }));
jest.mock("@/lib/api/generated/sdk.gen");

const create = jest.mocked(tasksCreate);
const update = jest.mocked(tasksUpdate);
const get = jest.mocked(tasksGet);

const members = [
  { user_id: ME, email: "me@example.com", display_name: "Me", role: "editor" as const },
  { user_id: OTHER, email: "o@example.com", display_name: "Olga", role: "owner" as const },
];

function renderForm(props: Partial<React.ComponentProps<typeof TaskForm>> = {}) {
  const onSaved = jest.fn();
  const onCancel = jest.fn();
  render(
    <TaskForm
      boardId={BOARD_ID}
      members={members}
      onSaved={onSaved}
      onCancel={onCancel}
      {...props}
    />,
  );
  return { onSaved, onCancel };
}

beforeEach(() => jest.clearAllMocks());

describe("TaskForm", () => {
  it("validates with the generated schema before sending anything", async () => {
    renderForm();
    await userEvent.click(screen.getByRole("button", { name: "Add task" }));
    expect(screen.getByLabelText("Title")).toHaveAccessibleDescription("Required");
    expect(create).not.toHaveBeenCalled();
  });

  it("creates a task with assignee and due date", async () => {
    const created = task({ title: "Ship it" });
    create.mockReturnValue(ok(created, 201) as never);
    const { onSaved } = renderForm({ defaultStatus: "doing" });
    await userEvent.type(screen.getByLabelText("Title"), "  Ship it ");
    await userEvent.selectOptions(screen.getByLabelText("Assignee"), "Olga");
    await userEvent.type(screen.getByLabelText("Due date"), "2026-12-24");
    await userEvent.click(screen.getByRole("button", { name: "Add task" }));
    expect(create).toHaveBeenCalledWith(
      expect.objectContaining({
        path: { board_id: BOARD_ID },
        body: {
          title: "Ship it",
          description: "",
          status: "doing",
          assignee_id: OTHER,
          due_date: "2026-12-24",
        },
      }),
    );
    expect(onSaved).toHaveBeenCalledWith(created);
  });

  it("shows the API's field errors from problem+json", async () => {
    create.mockReturnValue(
      fail(422, {
        status: 422,
        errors: [{ field: "body.assignee_id", message: "not a member of this board", type: "x" }],
      }) as never,
    );
    renderForm();
    await userEvent.type(screen.getByLabelText("Title"), "Ship it");
    await userEvent.click(screen.getByRole("button", { name: "Add task" }));
    expect(screen.getByLabelText("Assignee")).toHaveAccessibleDescription(
      "not a member of this board",
    );
  });

  it("shows a banner when the problem names no field", async () => {
    create.mockReturnValue(
      fail(403, { status: 403, detail: "viewers cannot change tasks" }) as never,
    );
    renderForm();
    await userEvent.type(screen.getByLabelText("Title"), "Ship it");
    await userEvent.click(screen.getByRole("button", { name: "Add task" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Viewers cannot change tasks");
  });

  it("edits with If-Match and clears assignee and due date with null", async () => {
    const seen = task({ title: "Old", version: 4, assignee_id: OTHER, due_date: "2026-01-02" });
    update.mockReturnValue(ok({ ...seen, title: "New", version: 5 }) as never);
    const { onSaved } = renderForm({ task: seen });
    const title = screen.getByLabelText("Title");
    await userEvent.clear(title);
    await userEvent.type(title, "New");
    await userEvent.selectOptions(screen.getByLabelText("Assignee"), "Unassigned");
    await userEvent.clear(screen.getByLabelText("Due date"));
    await userEvent.click(screen.getByRole("button", { name: "Save changes" }));
    expect(update).toHaveBeenCalledWith(
      expect.objectContaining({
        headers: { "If-Match": '"4"' },
        body: expect.objectContaining({ title: "New", assignee_id: null, due_date: null }),
      }),
    );
    expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ version: 5 }));
  });

  it("on 412 shows their version; keeping mine retries over their ETag", async () => {
    const seen = task({ title: "Mine", version: 1 });
    const theirs = {
      ...seen,
      title: "Theirs",
      status: "done" as const,
      version: 2,
      assignee_id: OTHER,
    };
    update
      .mockReturnValueOnce(fail(412, { status: 412 }) as never)
      .mockReturnValueOnce(ok({ ...seen, title: "Mine edited", version: 3 }) as never);
    get.mockReturnValue(ok(theirs) as never);
    const { onSaved } = renderForm({ task: seen });
    await userEvent.type(screen.getByLabelText("Title"), " edited");
    await userEvent.click(screen.getByRole("button", { name: "Save changes" }));

    const notice = await screen.findByRole("alert");
    expect(notice).toHaveTextContent("Someone else changed this task");
    expect(notice).toHaveTextContent("Theirs");
    expect(notice).toHaveTextContent("Done");
    expect(notice).toHaveTextContent("Olga");
    expect(screen.getByRole("button", { name: "Save changes" })).toBeDisabled();

    await userEvent.click(within(notice).getByRole("button", { name: "Keep my changes" }));
    expect(update).toHaveBeenLastCalledWith(
      expect.objectContaining({
        headers: { "If-Match": '"2"' },
        // Only what this person changed: their status and assignee stay.
        body: { title: "Mine edited" },
      }),
    );
    expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ version: 3 }));
  });

  it("saving without changes sends nothing", async () => {
    const seen = task({ title: "Same" });
    const { onSaved } = renderForm({ task: seen });
    await userEvent.click(screen.getByRole("button", { name: "Save changes" }));
    expect(update).not.toHaveBeenCalled();
    expect(onSaved).toHaveBeenCalledWith(seen);
  });

  it("on 412 can take their version instead", async () => {
    const seen = task({ title: "Mine", version: 1 });
    const theirs = { ...seen, title: "Theirs", version: 2 };
    update.mockReturnValue(fail(412, { status: 412 }) as never);
    get.mockReturnValue(ok(theirs) as never);
    const { onSaved } = renderForm({ task: seen });
    await userEvent.type(screen.getByLabelText("Description"), "my notes");
    await userEvent.click(screen.getByRole("button", { name: "Save changes" }));
    await userEvent.click(await screen.findByRole("button", { name: "Use their version" }));
    expect(onSaved).toHaveBeenCalledWith(theirs);
    expect(update).toHaveBeenCalledTimes(1);
  });

  it("tells the person when the task was deleted meanwhile", async () => {
    const seen = task({ title: "Mine", version: 1 });
    update.mockReturnValue(fail(412, { status: 412 }) as never);
    get.mockReturnValue(fail(404, { status: 404 }) as never);
    const { onCancel } = renderForm({ task: seen });
    await userEvent.selectOptions(screen.getByLabelText("Status"), "done");
    await userEvent.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText("Someone else deleted this task.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Close" }));
    expect(onCancel).toHaveBeenCalled();
  });
});
