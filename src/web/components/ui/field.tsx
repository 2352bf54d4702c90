import { clsx } from "clsx";
import { useId, type ReactNode } from "react";

const CONTROL =
  "block w-full rounded-md border bg-white px-3 py-2 text-sm text-zinc-900 shadow-xs placeholder:text-zinc-400 dark:bg-zinc-900 dark:text-zinc-100";
const NORMAL = "border-zinc-300 dark:border-zinc-700";
const INVALID = "border-red-600 dark:border-red-500";

export function controlClasses(invalid: boolean) {
  return clsx(CONTROL, invalid ? INVALID : NORMAL);
}

interface FieldProps {
  label: string;
  error?: string;
  hint?: string;
  className?: string;
  /** Render the control with the ids and aria attributes that tie it to its label and error. */
  children: (control: {
    id: string;
    "aria-invalid": boolean;
    "aria-describedby"?: string;
    className: string;
  }) => ReactNode;
}

/** A labelled form control with its hint and its error, announced to screen readers. */
export function Field({ label, error, hint, className, children }: FieldProps) {
  const id = useId();
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ");
  return (
    <div className={clsx("space-y-1", className)}>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children({
        id,
        "aria-invalid": Boolean(error),
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
        className: controlClasses(Boolean(error)),
      })}
      {hint && !error ? (
        <p id={`${id}-hint`} className="text-xs text-zinc-600 dark:text-zinc-400">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
