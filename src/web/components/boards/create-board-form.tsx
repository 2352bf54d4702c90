"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { browserClient } from "@/lib/api/browser-client";
import { boardsCreate } from "@/lib/api/generated/sdk.gen";
import { zBoardCreate } from "@/lib/api/generated/zod.gen";
import { problemMessage } from "@/lib/api/problem";
import { settle } from "@/lib/api/result";
import { validate } from "@/lib/forms/validate";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

export function CreateBoardForm() {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [formError, setFormError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const input = validate(zBoardCreate, {
      name: String(new FormData(formElement).get("name") ?? "").trim(),
    });
    setFormError(undefined);
    if (!input.ok) {
      setError(input.fieldErrors.name);
      return;
    }
    setError(undefined);
    setPending(true);
    const result = await settle(boardsCreate({ client: browserClient(), body: input.data }));
    setPending(false);
    if (!result.ok) {
      setError(result.problem.fieldErrors.name);
      if (!result.problem.fieldErrors.name) setFormError(problemMessage(result.problem));
      return;
    }
    formElement.reset();
    router.push(`/boards/${result.data.id}`);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-2 sm:flex-row sm:items-start">
      <Field label="New board name" error={error} className="flex-1">
        {(props) => <input {...props} name="name" placeholder="e.g. Product launch" />}
      </Field>
      <Button type="submit" disabled={pending} className="sm:mt-6">
        {pending ? "Creating…" : "Create board"}
      </Button>
      {formError ? <Alert>{formError}</Alert> : null}
    </form>
  );
}
