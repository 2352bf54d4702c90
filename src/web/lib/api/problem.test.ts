/** @jest-environment node */
import { fieldKey, problemMessage, toProblem } from "./problem";
import { settle } from "./result";

const problemResponse = (status: number, headers: Record<string, string> = {}) =>
  new Response(null, { status, headers });

describe("toProblem", () => {
  it("maps field paths of a validation problem onto form fields", () => {
    const problem = toProblem(
      {
        type: "about:blank",
        title: "Unprocessable Content",
        status: 422,
        detail: "the request is invalid; see errors",
        code: "validation_error",
        errors: [
          { field: "body.email", message: "value is not a valid email address", type: "x" },
          { field: "body.email", message: "second message is ignored", type: "x" },
          { field: "body.password", message: "too short", type: "x" },
          { field: "body", message: "Field required", type: "missing" },
        ],
      },
      problemResponse(422),
    );
    expect(problem.status).toBe(422);
    expect(problem.code).toBe("validation_error");
    expect(problem.fieldErrors).toEqual({
      email: "value is not a valid email address",
      password: "too short",
      "": "Field required",
    });
  });

  it("falls back to the HTTP status for bodies that are not problems", () => {
    const problem = toProblem("<html>bad gateway</html>", problemResponse(502));
    expect(problem).toMatchObject({ status: 502, fieldErrors: {} });
    expect(problemMessage(problem)).toBe("Something went wrong on our side. Try again.");
  });

  it("treats a missing response as a network error", () => {
    const problem = toProblem(new TypeError("fetch failed"), undefined);
    expect(problem.code).toBe("network_error");
    expect(problemMessage(problem)).toMatch(/could not be reached/);
  });

  it("reads Retry-After for rate limits", () => {
    const problem = toProblem(
      { status: 429, title: "Too Many Requests", detail: "slow down" },
      problemResponse(429, { "retry-after": "42" }),
    );
    expect(problem.retryAfterSeconds).toBe(42);
    expect(problemMessage(problem)).toBe("Too many attempts. Try again in 42 seconds.");
  });

  it("capitalises the detail and has defaults per status", () => {
    expect(problemMessage(toProblem({ detail: "email taken" }, problemResponse(409)))).toBe(
      "Email taken",
    );
    expect(problemMessage(toProblem({}, problemResponse(403)))).toMatch(/permission/);
    expect(problemMessage(toProblem({}, problemResponse(404)))).toMatch(/no longer exists/);
    expect(problemMessage(toProblem({ title: "Conflict" }, problemResponse(409)))).toBe("Conflict");
  });

  it("ignores members of the wrong type, not the whole problem", () => {
    const problem = toProblem(
      {
        status: "422",
        title: 7,
        detail: "title is required",
        errors: [{ field: "body.title", message: "Field required" }, { field: 1 }, "x"],
      },
      problemResponse(422),
    );
    expect(problem).toMatchObject({
      status: 422,
      title: "HTTP 422",
      detail: "title is required",
      fieldErrors: { title: "Field required" },
    });
    expect(toProblem([], problemResponse(400)).fieldErrors).toEqual({});
  });

  it("field keys drop only the body prefix", () => {
    expect(fieldKey("body.items.0.title")).toBe("items.0.title");
    expect(fieldKey("query.cursor")).toBe("query.cursor");
  });
});

describe("settle", () => {
  it("returns data for a successful response", async () => {
    const response = new Response("{}", { status: 200 });
    await expect(settle(Promise.resolve({ data: { id: 1 }, response }))).resolves.toEqual({
      ok: true,
      data: { id: 1 },
      response,
    });
  });

  it("returns a problem for an error response", async () => {
    const result = await settle(
      Promise.resolve({ error: { detail: "nope", status: 403 }, response: problemResponse(403) }),
    );
    expect(result).toEqual({
      ok: false,
      problem: expect.objectContaining({ status: 403, detail: "nope" }),
    });
  });
});
