"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";

import { browserClient } from "@/lib/api/browser-client";
import { authLogin, authRegister } from "@/lib/api/generated/sdk.gen";
import { zUserRegister } from "@/lib/api/generated/zod.gen";
import { settle } from "@/lib/api/result";
import { useApiForm } from "@/lib/forms/use-api-form";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

export function SignUpForm() {
  const router = useRouter();
  const { errors, formError, pending, onSubmit } = useApiForm({
    schema: zUserRegister,
    read: (value) => ({
      display_name: value("display_name").trim(),
      email: value("email").trim(),
      password: value("password"),
    }),
    async submit(body) {
      const client = browserClient();
      const registered = await settle(authRegister({ client, body }));
      if (!registered.ok) return registered.problem;
      const signedIn = await settle(
        authLogin({ client, body: { email: body.email, password: body.password } }),
      );
      if (!signedIn.ok) {
        router.replace("/sign-in");
        return;
      }
      router.replace("/boards");
      router.refresh();
    },
    // A taken email is a conflict about the email field, even though the API names no field.
    explain: (problem) =>
      problem.status === 409
        ? { fields: { email: "An account with this email already exists." } }
        : undefined,
    navigates: true,
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {formError ? <Alert>{formError}</Alert> : null}
      <Field label="Name" error={errors.display_name}>
        {(props) => <input {...props} name="display_name" autoComplete="name" required />}
      </Field>
      <Field label="Email" error={errors.email}>
        {(props) => <input {...props} name="email" type="email" autoComplete="email" required />}
      </Field>
      <Field label="Password" error={errors.password} hint="At least 10 characters.">
        {(props) => (
          <input {...props} name="password" type="password" autoComplete="new-password" required />
        )}
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating account…" : "Create account"}
      </Button>
      <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">
        Already have an account?{" "}
        <Link
          href="/sign-in"
          className="font-medium text-indigo-700 underline dark:text-indigo-300"
        >
          Sign in
        </Link>
      </p>
    </form>
  );
}
