"use client";

import { useRef, useState, type FormEvent } from "react";

import type { TaskPublic, TaskStatus, TaskUpdate } from "@/lib/api/generated/types.gen";
import { zTaskCreate, zTaskUpdate } from "@/lib/api/generated/zod.gen";
import { problemMessage } from "@/lib/api/problem";
import { STATUSES, STATUS_LABEL } from "@/lib/board/board-state";
import type { BoardMember } from "@/lib/board/events";
import { createTask, updateTask } from "@/lib/board/task-api";
import { validate } from "@/lib/forms/validate";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

import { ConflictNotice } from "./conflict-notice";

export interface TaskFormProps {
  boardId: string;
  members: BoardMember[];
  /** The task being edited (as last seen), or undefined to create one. */
  task?: TaskPublic;
  defaultStatus?: TaskStatus;
  onSaved: (task: TaskPublic) => void;
  onCancel: () => void;
}

/** The fields of `values` that differ from the task as the form was opened. */
export function changedFields(original: TaskPublic, values: TaskUpdate): TaskUpdate {
  const entries = Object.entries(values).filter(
    ([key, value]) => value !== undefined && value !== original[key as keyof TaskPublic],
  );
  return Object.fromEntries(entries) as TaskUpdate;
}

function readForm(form: HTMLFormElement) {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? "");
  return {
    title: text("title").trim(),
    description: text("description"),
    status: text("status"),
    // Empty selects/dates mean "none": the API clears them with null.
    assignee_id: text("assignee_id") || null,
    due_date: text("due_date") || null,
  };
}

export function TaskForm({
  boardId,
  members,
  task,
  defaultStatus,
  onSaved,
  onCancel,
}: TaskFormProps) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [pending, setPending] = useState(false);
  // The version our edit is based on, and the newer one someone else saved meanwhile.
  const [base, setBase] = useState(task);
  const [conflict, setConflict] = useState<{ theirs: TaskPublic | null }>();
  const [formKey, setFormKey] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await save(readForm(event.currentTarget), base);
  }

  async function save(values: ReturnType<typeof readForm>, base: TaskPublic | undefined) {
    setFormError(undefined);
    const input = base ? validate(zTaskUpdate, values) : validate(zTaskCreate, values);
    if (!input.ok) {
      setErrors(input.fieldErrors);
      return;
    }
    setErrors({});
    let result;
    if (base && task) {
      // Send only what the person changed in this form, so "keep my changes" after a conflict
      // merges with the other person's edit instead of reverting it.
      const changes = changedFields(task, input.data as TaskUpdate);
      if (Object.keys(changes).length === 0) {
        onSaved(base);
        return;
      }
      setPending(true);
      result = await updateTask(base, changes);
    } else {
      setPending(true);
      result = await createTask(boardId, zTaskCreate.parse(values));
    }
    setPending(false);
    if (result.ok) {
      onSaved(result.task);
      return;
    }
    if ("conflict" in result) {
      setConflict({ theirs: result.conflict });
      return;
    }
    setErrors(result.problem.fieldErrors);
    if (Object.keys(result.problem.fieldErrors).length === 0) {
      setFormError(problemMessage(result.problem));
    }
  }

  const shown = base;
  return (
    <form key={formKey} ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4">
      {conflict ? (
        <ConflictNotice
          theirs={conflict.theirs}
          members={members}
          onKeepMine={() => {
            // Save the person's values again, this time over their version (its ETag).
            const theirs = conflict.theirs;
            setConflict(undefined);
            if (theirs && formRef.current) {
              setBase(theirs);
              void save(readForm(formRef.current), theirs);
            }
          }}
          onUseTheirs={() => {
            if (conflict.theirs) {
              setBase(conflict.theirs);
              onSaved(conflict.theirs);
            } else onCancel();
            setConflict(undefined);
            setFormKey((k) => k + 1);
          }}
        />
      ) : null}
      {formError ? <Alert>{formError}</Alert> : null}
      <Field label="Title" error={errors.title}>
        {(props) => (
          <input {...props} name="title" defaultValue={shown?.title ?? ""} maxLength={400} />
        )}
      </Field>
      <Field label="Description" error={errors.description}>
        {(props) => (
          <textarea
            {...props}
            name="description"
            rows={3}
            defaultValue={shown?.description ?? ""}
          />
        )}
      </Field>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Status" error={errors.status}>
          {(props) => (
            <select
              {...props}
              name="status"
              defaultValue={shown?.status ?? defaultStatus ?? "todo"}
            >
              {STATUSES.map((status) => (
                <option key={status} value={status}>
                  {STATUS_LABEL[status]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Assignee" error={errors.assignee_id}>
          {(props) => (
            <select {...props} name="assignee_id" defaultValue={shown?.assignee_id ?? ""}>
              <option value="">Unassigned</option>
              {members.map((member) => (
                <option key={member.user_id} value={member.user_id}>
                  {member.display_name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Due date" error={errors.due_date}>
          {(props) => (
            <input {...props} name="due_date" type="date" defaultValue={shown?.due_date ?? ""} />
          )}
        </Field>
      </div>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending || Boolean(conflict)}>
          {pending ? "Saving…" : task ? "Save changes" : "Add task"}
        </Button>
      </div>
    </form>
  );
}
