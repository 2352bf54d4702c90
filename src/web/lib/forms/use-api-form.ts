import { useRef, useState, type FormEvent } from "react";
import type * as core from "zod/v4/core";

import { problemMessage, type Problem } from "@/lib/api/problem";

import { validate } from "./validate";

/** What a form shows for a refused submit: messages on its fields and a banner. */
export interface FormErrors {
  fields: Record<string, string>;
  message?: string;
}

export interface ApiFormOptions<S extends core.$ZodType> {
  /** The generated zod schema the input must pass before anything is sent. */
  schema: S;
  /** The input to check, from the form's values (`value(name)`: a field's text, "" if none). */
  read: (value: (name: string) => string) => unknown;
  /**
   * Sends the checked input. Resolves to the API's problem when it refused, or to nothing once
   * done (a form with an outcome of its own, a conflict, shows it itself).
   */
  submit: (data: core.output<S>, form: HTMLFormElement) => Promise<Problem | void>;
  /** How this form shows a problem, when `problemErrors` does not say it right. */
  explain?: (problem: Problem) => FormErrors | undefined;
  /** Success leaves the page: stay pending (submit disabled) until the next page shows. */
  navigates?: boolean;
}

/**
 * The default: every field error on its field (`errors[].field` of the problem+json), and a
 * banner with the problem's message unless all of them landed on a field of this form.
 */
export function problemErrors(problem: Problem, fieldNames: ReadonlySet<string>): FormErrors {
  const keys = Object.keys(problem.fieldErrors);
  const onFields = keys.length > 0 && keys.every((key) => fieldNames.has(key));
  return onFields
    ? { fields: problem.fieldErrors }
    : { fields: problem.fieldErrors, message: problemMessage(problem) };
}

function fieldNamesOf(form: HTMLFormElement): Set<string> {
  const names = Array.from(form.elements, (element) => element.getAttribute("name"));
  return new Set(names.filter((name): name is string => Boolean(name)));
}

/**
 * The one way a form talks to the API. On submit: read the values, check them with the
 * generated schema (errors on their fields, nothing sent), then send them with the form
 * pending, and show a refusal on the fields it names, or in a banner. Render each control in a
 * `Field` (components/ui/field.tsx) with `error={errors[name]}`, `formError` in an `Alert`, and
 * disable the submit button while `pending`.
 */
export function useApiForm<S extends core.$ZodType>(options: ApiFormOptions<S>) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [pending, setPending] = useState(false);
  // Set at once, unlike `pending`: a second submit before the re-render is ignored.
  const sending = useRef(false);

  async function run(form: HTMLFormElement) {
    if (sending.current) return;
    const data = new FormData(form);
    setFormError(undefined);
    const input = validate(
      options.schema,
      options.read((name) => {
        const value = data.get(name);
        return typeof value === "string" ? value : "";
      }),
    );
    if (!input.ok) {
      setErrors(input.fieldErrors);
      return;
    }
    setErrors({});
    sending.current = true;
    setPending(true);
    let problem: Problem | void;
    try {
      problem = await options.submit(input.data, form);
    } catch (error) {
      sending.current = false;
      setPending(false);
      throw error;
    }
    if (problem) {
      const shown = options.explain?.(problem) ?? problemErrors(problem, fieldNamesOf(form));
      setErrors(shown.fields);
      setFormError(shown.message);
    } else if (options.navigates) {
      return;
    }
    sending.current = false;
    setPending(false);
  }

  return {
    /** Messages per field name: validation's before sending, the API's after. */
    errors,
    /** A message that belongs to no field (the banner). */
    formError,
    pending,
    onSubmit(event: FormEvent<HTMLFormElement>) {
      event.preventDefault();
      void run(event.currentTarget);
    },
  };
}
