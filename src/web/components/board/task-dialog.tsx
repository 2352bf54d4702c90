"use client";

import { Modal } from "@/components/ui/modal";

import { TaskForm, type TaskFormProps } from "./task-form";

/**
 * The task form in its dialog. BoardView loads this module when a form is first opened: with it
 * come the form's validation (zod and the generated schemas), which the board itself never needs.
 */
export default function TaskDialog({ title, ...form }: TaskFormProps & { title: string }) {
  return (
    <Modal title={title} onClose={form.onCancel}>
      <TaskForm {...form} />
    </Modal>
  );
}
