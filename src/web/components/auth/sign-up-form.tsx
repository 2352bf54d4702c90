"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { browserClient } from "@/lib/api/browser-client";
import { authLogin, authRegister } from "@/lib/api/generated/sdk.gen";
import { zUserRegister } from "@/lib/api/generated/zod.gen";
import { problemMessage } from "@/lib/api/problem";
import { settle } from "@/lib/api/result";
import { useValidatedForm } from "@/lib/forms/use-validated-form";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

export function SignUpForm() {
  const router = useRouter();
  const { errors, setErrors, pending, setPending, start } = useValidatedForm();
  const [formError, setFormError] = useState<string>();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setFormError(undefined);
    const body = start(zUserRegister, {
      display_name: String(form.get("display_name") ?? "").trim(),
      email: String(form.get("email") ?? "").trim(),
      password: String(form.get("password") ?? ""),
    });
    if (!body) return;
    const client = browserClient();
    const registered = await settle(authRegister({ client, body }));
    if (!registered.ok) {
      setPending(false);
      const { problem } = registered;
      // A taken email is a conflict about the email field, even though the API names no field.
      setErrors(
        problem.status === 409
          ? { email: "An account with this email already exists." }
          : problem.fieldErrors,
      );
      if (problem.status !== 409 && Object.keys(problem.fieldErrors).length === 0) {
        setFormError(problemMessage(problem));
      }
      return;
    }
    const signedIn = await settle(
      authLogin({ client, body: { email: body.email, password: body.password } }),
    );
    if (!signedIn.ok) {
      router.replace("/sign-in");
      return;
    }
    router.replace("/boards");
    router.refresh();
  }

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
