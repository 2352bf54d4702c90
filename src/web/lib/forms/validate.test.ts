import { zTaskCreate, zUserRegister } from "@/lib/api/generated/zod.gen";

import { validate } from "./validate";

describe("validate", () => {
  it("returns the parsed data with defaults from the generated schema", () => {
    const result = validate(zTaskCreate, { title: "Write tests" });
    expect(result).toEqual({
      ok: true,
      data: { title: "Write tests", description: "", status: "todo" },
    });
  });

  it("gives one human message per failing field", () => {
    const result = validate(zUserRegister, { email: "nope", password: "short", display_name: "" });
    expect(result).toEqual({
      ok: false,
      fieldErrors: {
        email: "Enter a valid email address",
        password: "Must be at least 10 characters",
        display_name: "Required",
      },
    });
  });

  it("reports missing and too long values", () => {
    const result = validate(zTaskCreate, { title: "x".repeat(201), due_date: "31/12/2026" });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.fieldErrors.title).toBe("Must be at most 200 characters");
      expect(result.fieldErrors.due_date).toBe("Enter a valid date");
    }
    const missing = validate(zTaskCreate, {});
    expect(!missing.ok && missing.fieldErrors.title).toBe("Required");
  });

  it("treats a blank title as missing, as the API does once it trims", () => {
    const blank = validate(zTaskCreate, { title: "   " });
    expect(!blank.ok && blank.fieldErrors.title).toBe("Required");
  });

  it("rejects values outside an enum", () => {
    const result = validate(zTaskCreate, { title: "t", status: "blocked" });
    expect(!result.ok && result.fieldErrors.status).toBe("Choose one of the options");
  });
});
