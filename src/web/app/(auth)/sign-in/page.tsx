import type { Metadata } from "next";

import { SignInForm } from "@/components/auth/sign-in-form";
import { safeNextPath } from "@/lib/auth/paths";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: PageProps<"/sign-in">) {
  const { next } = await searchParams;
  return (
    <>
      <h1 className="mb-6 text-xl font-semibold">Sign in to Taskboard</h1>
      <SignInForm next={safeNextPath(typeof next === "string" ? next : undefined)} />
    </>
  );
}
