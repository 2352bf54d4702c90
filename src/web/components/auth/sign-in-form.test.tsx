import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { authLogin } from "@/lib/api/generated/sdk.gen";
import { fail, ok } from "@/test-utils/api";

import { SignInForm } from "./sign-in-form";

const router = { replace: jest.fn(), refresh: jest.fn(), push: jest.fn() };
jest.mock("next/navigation", () => ({ useRouter: () => router }));
jest.mock("@/lib/api/browser-client", () => ({ browserClient: () => ({}) }));
jest.mock("@/lib/api/generated/sdk.gen");

const login = jest.mocked(authLogin);

beforeEach(() => jest.clearAllMocks());

async function fillAndSubmit(email: string, password: string) {
  const user = userEvent.setup();
  if (email) await user.type(screen.getByLabelText("Email"), email);
  if (password) await user.type(screen.getByLabelText("Password"), password);
  await user.click(screen.getByRole("button", { name: "Sign in" }));
}

describe("SignInForm", () => {
  it("shows field errors from the generated schema without calling the API", async () => {
    render(<SignInForm next="/boards" />);
    await fillAndSubmit("not-an-email", "");
    expect(screen.getByLabelText("Email")).toHaveAccessibleDescription(
      "Enter a valid email address",
    );
    expect(screen.getByLabelText("Email")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Password")).toHaveAccessibleDescription("Required");
    expect(login).not.toHaveBeenCalled();
  });

  it("signs in and goes to the requested page", async () => {
    login.mockReturnValue(ok({}) as never);
    render(<SignInForm next="/boards/abc" />);
    await fillAndSubmit("ann@example.com", "secret-password");
    expect(login).toHaveBeenCalledWith(
      expect.objectContaining({ body: { email: "ann@example.com", password: "secret-password" } }),
    );
    expect(router.replace).toHaveBeenCalledWith("/boards/abc");
    expect(router.refresh).toHaveBeenCalled();
  });

  it("says the credentials are wrong on 401", async () => {
    login.mockReturnValue(fail(401, { status: 401, detail: "invalid credentials" }) as never);
    render(<SignInForm next="/boards" />);
    await fillAndSubmit("ann@example.com", "wrong-password");
    expect(screen.getByRole("alert")).toHaveTextContent("Wrong email or password.");
    expect(router.replace).not.toHaveBeenCalled();
  });

  it("shows the rate limit with its delay", async () => {
    login.mockReturnValue(
      fail(429, { status: 429, detail: "too many attempts" }, { "retry-after": "30" }) as never,
    );
    render(<SignInForm next="/boards" />);
    await fillAndSubmit("ann@example.com", "password-1");
    expect(screen.getByRole("alert")).toHaveTextContent("Try again in 30 seconds");
  });
});
