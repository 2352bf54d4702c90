import { useState } from "react";
import type * as core from "zod/v4/core";

import { validate } from "@/lib/forms/validate";

/**
 * The state every API form shares: field errors and a pending flag, with `start`, the first
 * step of a submit. `start` checks the input against a generated schema; on failure it shows
 * the field errors and returns undefined, otherwise it clears them, marks the form pending and
 * returns the parsed data to send.
 */
export function useValidatedForm() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);

  function start<S extends core.$ZodType>(schema: S, input: unknown): core.output<S> | undefined {
    const result = validate(schema, input);
    if (!result.ok) {
      setErrors(result.fieldErrors);
      return undefined;
    }
    setErrors({});
    setPending(true);
    return result.data;
  }

  return { errors, setErrors, pending, setPending, start };
}
