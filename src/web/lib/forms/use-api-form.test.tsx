import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { zBoardCreate } from "@/lib/api/generated/zod.gen";
import type { Problem } from "@/lib/api/problem";

import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";

import { problemErrors, useApiForm, type ApiFormOptions } from "./use-api-form";

type Options = Partial<ApiFormOptions<typeof zBoardCreate>>;

/** The smallest form written the way every form of the app is. */
function BoardNameForm(options: Options) {
  const { errors, formError, pending, onSubmit } = useApiForm({
    schema: zBoardCreate,
    read: (value) => ({ name: value("name").trim() }),
    submit: async () => undefined,
    ...options,
  });
  return (
    <form onSubmit={onSubmit} noValidate>
      {formError ? <Alert>{formError}</Alert> : null}
      <Field label="Name" error={errors.name}>
        {(props) => <input {...props} name="name" />}
      </Field>
      <button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save"}
      </button>
    </form>
  );
}

const problem = (overrides: Partial<Problem>): Problem => ({
  status: 422,
  title: "Unprocessable Content",
  fieldErrors: {},
  ...overrides,
});

/** A submit the test resolves when it wants, to look at the form in between. */
function deferredSubmit() {
  let resolve: (value: Problem | void) => void = () => undefined;
  const submit = jest.fn(() => new Promise<Problem | void>((done) => (resolve = done)));
  return { submit, resolve: (value?: Problem) => resolve(value) };
}

async function typeAndSubmit(name: string) {
  if (name) await userEvent.type(screen.getByLabelText("Name"), name);
  await userEvent.click(screen.getByRole("button", { name: /Save/ }));
}

describe("useApiForm", () => {
  it("checks the input with the schema and sends nothing when it fails", async () => {
    const submit = jest.fn();
    render(<BoardNameForm submit={submit} />);
    await typeAndSubmit("   ");
    expect(screen.getByLabelText("Name")).toHaveAccessibleDescription("Required");
    expect(screen.getByLabelText("Name")).toHaveAttribute("aria-invalid", "true");
    expect(submit).not.toHaveBeenCalled();
  });

  it("sends the parsed input once, pending until the API answers", async () => {
    const { submit, resolve } = deferredSubmit();
    render(<BoardNameForm submit={submit} />);
    await typeAndSubmit("  Launch ");
    expect(submit).toHaveBeenCalledWith({ name: "Launch" }, expect.any(HTMLFormElement));
    const button = screen.getByRole("button", { name: "Saving…" });
    expect(button).toBeDisabled();
    // Enter in the field submits again: ignored while the first request runs.
    await userEvent.type(screen.getByLabelText("Name"), "{Enter}");
    expect(submit).toHaveBeenCalledTimes(1);

    resolve();
    expect(await screen.findByRole("button", { name: "Save" })).toBeEnabled();
    expect(screen.getByLabelText("Name")).not.toHaveAttribute("aria-invalid", "true");
  });

  it("puts the API's field errors on their fields, without a banner", async () => {
    const submit = jest.fn(async () =>
      problem({ fieldErrors: { name: "name is reserved" }, detail: "invalid input" }),
    );
    render(<BoardNameForm submit={submit} />);
    await typeAndSubmit("admin");
    expect(await screen.findByLabelText("Name")).toHaveAccessibleDescription("name is reserved");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Save" })).toBeEnabled();
  });

  it("shows a banner for a problem that is not about a field of the form", async () => {
    const submit = jest
      .fn()
      .mockResolvedValueOnce(problem({ status: 503, title: "Service Unavailable" }))
      .mockResolvedValueOnce(problem({ fieldErrors: { owner_id: "x" }, detail: "bad owner" }))
      .mockResolvedValueOnce(undefined);
    render(<BoardNameForm submit={submit} />);
    await typeAndSubmit("Launch");
    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong");
    await typeAndSubmit("");
    expect(await screen.findByRole("alert")).toHaveTextContent("Bad owner");
    // The next submit starts without the last one's banner.
    await typeAndSubmit("");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("lets a form say where a problem belongs", async () => {
    const submit = jest.fn(async () => problem({ status: 409, detail: "taken" }));
    render(
      <BoardNameForm
        submit={submit}
        explain={(p) => (p.status === 409 ? { fields: { name: "Already used" } } : undefined)}
      />,
    );
    await typeAndSubmit("Launch");
    expect(await screen.findByLabelText("Name")).toHaveAccessibleDescription("Already used");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("stays pending after a success that navigates away", async () => {
    const { submit, resolve } = deferredSubmit();
    render(<BoardNameForm submit={submit} navigates />);
    await typeAndSubmit("Launch");
    await act(async () => resolve());
    expect(submit).toHaveBeenCalledTimes(1);
    expect(screen.getByRole("button", { name: "Saving…" })).toBeDisabled();
  });
});

describe("problemErrors", () => {
  const fields = new Set(["title", "status"]);

  it("puts messages on fields, with a banner only when one has no field here", () => {
    expect(problemErrors(problem({ fieldErrors: { title: "too long" } }), fields)).toEqual({
      fields: { title: "too long" },
    });
    expect(
      problemErrors(
        problem({ fieldErrors: { title: "too long", "": "bad" }, detail: "no" }),
        fields,
      ),
    ).toEqual({ fields: { title: "too long", "": "bad" }, message: "No" });
    expect(problemErrors(problem({ status: 403 }), fields)).toEqual({
      fields: {},
      message: "You do not have permission to do that.",
    });
  });
});
