import { act, renderHook, waitFor } from "@testing-library/react";
import { useReducer } from "react";

import { tasksDelete, tasksGet, tasksUpdate } from "@/lib/api/generated/sdk.gen";
import type { TaskPublic } from "@/lib/api/generated/types.gen";
import { fail, ok } from "@/test-utils/api";
import { ME, task } from "@/test-utils/fixtures";

import { boardReducer, type BoardState } from "./board-state";
import { useTaskMutations } from "./use-task-mutations";

jest.mock("@/lib/api/browser-client", () => ({ browserClient: () => ({}) }));
jest.mock("@/lib/api/generated/sdk.gen");

const update = jest.mocked(tasksUpdate);
const get = jest.mocked(tasksGet);
const remove = jest.mocked(tasksDelete);

/** The hook on a real board reducer, so each test sees what the board would show. */
function setup(tasks: TaskPublic[]) {
  const initial: BoardState = {
    name: "Launch",
    role: "editor",
    meId: ME,
    tasks: Object.fromEntries(tasks.map((t) => [t.id, t])),
    deleted: {},
    members: [],
  };
  return renderHook(() => {
    const [state, dispatch] = useReducer(boardReducer, initial);
    return { state, ...useTaskMutations(state, dispatch) };
  });
}

beforeEach(() => {
  jest.clearAllMocks();
  jest.spyOn(window, "confirm").mockReturnValue(true);
});

describe("useTaskMutations", () => {
  it("moves a task to the end of a column with its ETag, busy while the request runs", async () => {
    const last = task({ status: "doing", position: 4096 });
    const moving = task({ title: "Write spec", version: 3 });
    let respond: (value: unknown) => void = () => undefined;
    update.mockReturnValue(new Promise((resolve) => (respond = resolve)) as never);
    const { result } = setup([last, moving]);

    act(() => result.current.move(moving, "doing"));
    expect(result.current.busy).toEqual({ [moving.id]: true });
    // The SDK loads on the first call (lib/api/browser-sdk.ts): the request follows a tick later.
    await waitFor(() =>
      expect(update).toHaveBeenCalledWith(
        expect.objectContaining({
          path: { task_id: moving.id },
          headers: { "If-Match": '"3"' },
          body: { status: "doing", position: 4096 + 1024 },
        }),
      ),
    );

    await act(async () => respond(await ok({ ...moving, status: "doing", version: 4 })));
    expect(result.current.busy).toEqual({});
    expect(result.current.state.tasks[moving.id]).toMatchObject({ status: "doing", version: 4 });
    expect(result.current.notice).toBeUndefined();
  });

  it("sends nothing for a move to the task's own column or of an unknown task", () => {
    const t = task();
    const { result } = setup([t]);
    act(() => result.current.move(t, "todo"));
    act(() => result.current.moveById("no-such-task", "done"));
    expect(update).not.toHaveBeenCalled();
  });

  it("moves a dropped task by id, from the latest state", async () => {
    const t = task({ version: 2 });
    update.mockReturnValue(ok({ ...t, status: "done", version: 3 }) as never);
    const { result } = setup([t]);
    act(() => result.current.saved({ ...t, version: 5 }));
    act(() => result.current.moveById(t.id, "done"));
    await waitFor(() =>
      expect(update).toHaveBeenCalledWith(
        expect.objectContaining({ headers: { "If-Match": '"5"' } }),
      ),
    );
    await waitFor(() => expect(result.current.busy).toEqual({}));
  });

  it("on a 412 shows the other person's version and retries the move over it", async () => {
    const mine = task({ title: "Write spec", version: 1 });
    const theirs = { ...mine, title: "Write the spec", status: "doing" as const, version: 2 };
    update
      .mockReturnValueOnce(fail(412, { status: 412 }) as never)
      .mockReturnValueOnce(ok({ ...theirs, status: "done", version: 3 }) as never);
    get.mockReturnValue(ok(theirs) as never);
    const { result } = setup([mine]);

    await act(async () => result.current.move(mine, "done"));
    await waitFor(() => expect(result.current.notice).toBeDefined());
    expect(result.current.notice?.message).toBe(
      'Someone else changed "Write the spec" (now in Doing). Your move was not applied.',
    );
    expect(result.current.state.tasks[mine.id]).toEqual(theirs);

    await act(async () => result.current.notice?.retry?.());
    expect(update).toHaveBeenLastCalledWith(
      expect.objectContaining({ headers: { "If-Match": '"2"' } }),
    );
    await waitFor(() => expect(result.current.state.tasks[mine.id]?.status).toBe("done"));
    expect(result.current.notice).toBeUndefined();
  });

  it("drops a task someone else deleted before the move", async () => {
    const mine = task({ title: "Gone" });
    update.mockReturnValue(fail(412, { status: 412 }) as never);
    get.mockReturnValue(fail(404, { status: 404 }) as never);
    const { result } = setup([mine]);
    await act(async () => result.current.move(mine, "done"));
    await waitFor(() =>
      expect(result.current.notice).toEqual({ message: 'Someone else deleted "Gone".' }),
    );
    expect(result.current.state.tasks).toEqual({});
  });

  it("shows a refusal as a notice, which can be dismissed", async () => {
    const t = task();
    update.mockReturnValue(
      fail(403, { status: 403, detail: "viewers cannot change tasks" }) as never,
    );
    const { result } = setup([t]);
    await act(async () => result.current.move(t, "done"));
    await waitFor(() => expect(result.current.notice?.message).toBe("Viewers cannot change tasks"));
    expect(result.current.notice?.retry).toBeUndefined();
    act(() => result.current.dismissNotice());
    expect(result.current.notice).toBeUndefined();
  });

  it("deletes only after confirmation", async () => {
    const t = task({ title: "Obsolete" });
    remove.mockReturnValue(ok(undefined, 204) as never);
    const { result } = setup([t]);

    jest.mocked(window.confirm).mockReturnValueOnce(false);
    act(() => result.current.remove(t));
    expect(remove).not.toHaveBeenCalled();

    act(() => result.current.remove(t));
    expect(window.confirm).toHaveBeenLastCalledWith('Delete "Obsolete"?');
    await waitFor(() => expect(result.current.state.tasks).toEqual({}));
    expect(remove).toHaveBeenCalledWith(
      expect.objectContaining({ headers: { "If-Match": '"1"' } }),
    );
  });

  it("asks again before deleting a task changed meanwhile, and reports a refusal", async () => {
    const mine = task({ title: "Obsolete", version: 1 });
    const theirs = { ...mine, title: "Still needed?", version: 2 };
    remove
      .mockReturnValueOnce(fail(412, { status: 412 }) as never)
      .mockReturnValueOnce(fail(403, { status: 403 }) as never);
    get.mockReturnValue(ok(theirs) as never);
    const { result } = setup([mine]);

    await act(async () => result.current.remove(mine));
    await waitFor(() =>
      expect(result.current.notice?.message).toBe(
        'Someone else changed "Still needed?" meanwhile. Delete it anyway?',
      ),
    );
    expect(result.current.state.tasks[mine.id]).toEqual(theirs);

    await act(async () => result.current.notice?.retry?.());
    expect(remove).toHaveBeenLastCalledWith(
      expect.objectContaining({ headers: { "If-Match": '"2"' } }),
    );
    await waitFor(() =>
      expect(result.current.notice?.message).toBe("You do not have permission to do that."),
    );
    expect(result.current.state.tasks[mine.id]).toEqual(theirs);
  });

  it("keeps its callbacks' identity across renders", async () => {
    const t = task();
    const { result, rerender } = setup([t]);
    const before = result.current;
    act(() => result.current.saved({ ...t, title: "Renamed", version: 2 }));
    rerender();
    expect(result.current.state.tasks[t.id]?.title).toBe("Renamed");
    for (const name of ["move", "moveById", "remove", "saved", "dismissNotice"] as const) {
      expect(result.current[name]).toBe(before[name]);
    }
  });
});
