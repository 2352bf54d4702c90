"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";

import { browserClient } from "@/lib/api/browser-client";
import { authLogin } from "@/lib/api/generated/sdk.gen";
import { zUserLogin } from "@/lib/api/generated/zod.gen";
import { problemMessage } from "@/lib/api/problem";
import { settle } from "@/lib/api/result";
import { useApiForm } from "@/lib/forms/use-api-form";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

export function SignInForm({ next }: { next: string }) {
  const router = useRouter();
  const { errors, formError, pending, onSubmit } = useApiForm({
    schema: zUserLogin,
    read: (value) => ({ email: value("email").trim(), password: value("password") }),
    async submit(body) {
      const result = await settle(authLogin({ client: browserClient(), body }));
      if (!result.ok) return result.problem;
      router.replace(next as "/boards");
      router.refresh();
    },
    // Every refusal gets a banner; a 401 does not say which of the two was wrong.
    explain: (problem) => ({
      fields: problem.fieldErrors,
      message: problem.status === 401 ? "Wrong email or password." : problemMessage(problem),
    }),
    navigates: true,
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {formError ? <Alert>{formError}</Alert> : null}
      <Field label="Email" error={errors.email}>
        {(props) => <input {...props} name="email" type="email" autoComplete="email" required />}
      </Field>
      <Field label="Password" error={errors.password}>
        {(props) => (
          <input
            {...props}
            name="password"
            type="password"
            autoComplete="current-password"
            required
          />
        )}
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
      <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">
        No account yet?{" "}
        <Link
          href="/sign-up"
          className="font-medium text-indigo-700 underline dark:text-indigo-300"
        >
          Sign up
        </Link>
      </p>
    </form>
  );
}
