import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { authLogout, authRefresh } from "@/lib/api/generated/sdk.gen";
import { fail, ok } from "@/test-utils/api";

import { ResumeSession } from "./resume-session";
import { SignOutButton } from "./sign-out-button";

const router = { replace: jest.fn(), refresh: jest.fn() };
jest.mock("next/navigation", () => ({ useRouter: () => router }));
jest.mock("@/lib/api/browser-client", () => ({ browserClient: () => ({}) }));
jest.mock("@/lib/api/generated/sdk.gen");

beforeEach(() => jest.clearAllMocks());

describe("SignOutButton", () => {
  it("ends the session and goes to sign-in, even if the API call fails", async () => {
    jest.mocked(authLogout).mockRejectedValue(new Error("offline"));
    render(<SignOutButton />);
    await userEvent.click(screen.getByRole("button", { name: "Sign out" }));
    expect(authLogout).toHaveBeenCalled();
    expect(router.replace).toHaveBeenCalledWith("/sign-in");
  });
});

describe("ResumeSession", () => {
  it("goes back to the page after a successful refresh", async () => {
    jest.mocked(authRefresh).mockReturnValue(ok({}) as never);
    render(<ResumeSession next="/boards/1" />);
    expect(screen.getByRole("status")).toHaveTextContent("Restoring your session");
    await waitFor(() => expect(router.replace).toHaveBeenCalledWith("/boards/1"));
  });

  it("asks to sign in when the refresh token is gone", async () => {
    jest.mocked(authRefresh).mockReturnValue(fail(401) as never);
    render(<ResumeSession next="/boards/1" />);
    await waitFor(() => expect(router.replace).toHaveBeenCalledWith("/sign-in?next=%2Fboards%2F1"));
  });
});
