import type { Metadata } from "next";

import { ResumeSession } from "@/components/auth/resume-session";
import { safeNextPath } from "@/lib/auth/paths";

export const metadata: Metadata = { title: "Signing in" };

export default async function ResumePage({ searchParams }: PageProps<"/resume">) {
  const { next } = await searchParams;
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">Welcome back</h1>
      <ResumeSession next={safeNextPath(typeof next === "string" ? next : undefined)} />
    </>
  );
}
