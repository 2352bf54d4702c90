import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { authLogin, authRegister } from "@/lib/api/generated/sdk.gen";
import { fail, ok } from "@/test-utils/api";

import { SignUpForm } from "./sign-up-form";

const router = { replace: jest.fn(), refresh: jest.fn(), push: jest.fn() };
jest.mock("next/navigation", () => ({ useRouter: () => router }));
jest.mock("@/lib/api/browser-client", () => ({ browserClient: () => ({}) }));
jest.mock("@/lib/api/generated/sdk.gen");

const register = jest.mocked(authRegister);
const login = jest.mocked(authLogin);

beforeEach(() => jest.clearAllMocks());

async function submit(values: { name?: string; email?: string; password?: string }) {
  const user = userEvent.setup();
  if (values.name) await user.type(screen.getByLabelText("Name"), values.name);
  if (values.email) await user.type(screen.getByLabelText("Email"), values.email);
  if (values.password) await user.type(screen.getByLabelText("Password"), values.password);
  await user.click(screen.getByRole("button", { name: "Create account" }));
}

describe("SignUpForm", () => {
  it("validates every field before submitting", async () => {
    render(<SignUpForm />);
    await submit({ email: "x@", password: "short" });
    expect(screen.getByLabelText("Name")).toHaveAccessibleDescription("Required");
    expect(screen.getByLabelText("Email")).toHaveAccessibleDescription(
      "Enter a valid email address",
    );
    expect(screen.getByLabelText("Password")).toHaveAccessibleDescription(
      "Must be at least 10 characters",
    );
    expect(register).not.toHaveBeenCalled();
  });

  it("registers, signs in and opens the boards", async () => {
    register.mockReturnValue(ok({}, 201) as never);
    login.mockReturnValue(ok({}) as never);
    render(<SignUpForm />);
    await submit({ name: "Ann", email: "ann@example.com", password: "long-enough-pw" });
    expect(register).toHaveBeenCalledWith(
      expect.objectContaining({
        body: { display_name: "Ann", email: "ann@example.com", password: "long-enough-pw" },
      }),
    );
    expect(login).toHaveBeenCalled();
    expect(router.replace).toHaveBeenCalledWith("/boards");
  });

  it("puts a taken email on the email field", async () => {
    register.mockReturnValue(
      fail(409, { status: 409, detail: "email already registered" }) as never,
    );
    render(<SignUpForm />);
    await submit({ name: "Ann", email: "ann@example.com", password: "long-enough-pw" });
    expect(screen.getByLabelText("Email")).toHaveAccessibleDescription(
      "An account with this email already exists.",
    );
  });

  it("shows the API's per-field errors after submit", async () => {
    register.mockReturnValue(
      fail(422, {
        status: 422,
        code: "validation_error",
        errors: [{ field: "body.password", message: "password is too common", type: "x" }],
      }) as never,
    );
    render(<SignUpForm />);
    await submit({ name: "Ann", email: "ann@example.com", password: "password123" });
    expect(screen.getByLabelText("Password")).toHaveAccessibleDescription("password is too common");
    expect(login).not.toHaveBeenCalled();
  });

  it("shows a banner for errors that are not about a field", async () => {
    register.mockReturnValue(fail(500, { status: 500 }) as never);
    render(<SignUpForm />);
    await submit({ name: "Ann", email: "ann@example.com", password: "long-enough-pw" });
    expect(screen.getByRole("alert")).toHaveTextContent("Something went wrong");
  });
});
