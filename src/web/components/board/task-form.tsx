"use client";

import { useRef, useState } from "react";

import type { TaskCreate, TaskPublic, TaskStatus, TaskUpdate } from "@/lib/api/generated/types.gen";
import { zTaskCreate, zTaskUpdate } from "@/lib/api/generated/zod.gen";
import { STATUSES, STATUS_LABEL } from "@/lib/board/board-state";
import type { BoardMember } from "@/lib/board/events";
import { createTask, updateTask } from "@/lib/board/task-api";
import { useApiForm } from "@/lib/forms/use-api-form";

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

function readTask(value: (name: string) => string) {
  return {
    title: value("title").trim(),
    description: value("description"),
    status: value("status"),
    // Empty selects/dates mean "none": the API clears them with null.
    assignee_id: value("assignee_id") || null,
    due_date: value("due_date") || null,
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
  // The version our edit is based on, and the newer one someone else saved meanwhile. A ref
  // as well: "Keep my changes" submits again over their version before the next render.
  const [base, setBase] = useState(task);
  const baseRef = useRef(task);
  const [conflict, setConflict] = useState<{ theirs: TaskPublic | null }>();
  const [formKey, setFormKey] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);

  const { errors, formError, pending, onSubmit } = useApiForm({
    schema: task ? zTaskUpdate : zTaskCreate,
    read: readTask,
    async submit(values) {
      const seen = baseRef.current;
      let result;
      if (task && seen) {
        // Send only what the person changed in this form, so "keep my changes" after a
        // conflict merges with the other person's edit instead of reverting it.
        const changes = changedFields(task, values as TaskUpdate);
        if (Object.keys(changes).length === 0) {
          onSaved(seen);
          return;
        }
        result = await updateTask(seen, changes);
      } else {
        result = await createTask(boardId, values as TaskCreate);
      }
      if (result.ok) onSaved(result.task);
      else if ("conflict" in result) setConflict({ theirs: result.conflict });
      else return result.problem;
    },
  });

  const shown = base;
  return (
    <form key={formKey} ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4">
      {conflict ? (
        <ConflictNotice
          theirs={conflict.theirs}
          members={members}
          onKeepMine={() => {
            // Submit the person's values again, this time over their version (its ETag).
            const theirs = conflict.theirs;
            setConflict(undefined);
            if (theirs) {
              baseRef.current = theirs;
              setBase(theirs);
              formRef.current?.requestSubmit();
            }
          }}
          onUseTheirs={() => {
            if (conflict.theirs) {
              baseRef.current = conflict.theirs;
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
