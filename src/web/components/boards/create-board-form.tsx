"use client";

import { useRouter } from "next/navigation";

import { browserClient } from "@/lib/api/browser-client";
import { boardsCreate } from "@/lib/api/generated/sdk.gen";
import { zBoardCreate } from "@/lib/api/generated/zod.gen";
import { settle } from "@/lib/api/result";
import { useApiForm } from "@/lib/forms/use-api-form";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

export function CreateBoardForm() {
  const router = useRouter();
  const { errors, formError, pending, onSubmit } = useApiForm({
    schema: zBoardCreate,
    read: (value) => ({ name: value("name").trim() }),
    async submit(body, form) {
      const result = await settle(boardsCreate({ client: browserClient(), body }));
      if (!result.ok) return result.problem;
      form.reset();
      router.push(`/boards/${result.data.id}`);
    },
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-2 sm:flex-row sm:items-start">
      <Field label="New board name" error={errors.name} className="flex-1">
        {(props) => <input {...props} name="name" placeholder="e.g. Product launch" />}
      </Field>
      <Button type="submit" disabled={pending} className="sm:mt-6">
        {pending ? "Creating…" : "Create board"}
      </Button>
      {formError ? <Alert>{formError}</Alert> : null}
    </form>
  );
}
