/** @jest-environment node */
import { requestIdFrom } from "./request-id";

describe("requestIdFrom", () => {
  it("keeps a safe incoming id", () => {
    expect(requestIdFrom(new Headers({ "x-request-id": "abc-123" }))).toBe("abc-123");
  });

  it("replaces a missing or unsafe id with a UUID", () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    expect(requestIdFrom(new Headers())).toMatch(uuid);
    expect(requestIdFrom(new Headers({ "x-request-id": "bad id<script>" }))).toMatch(uuid);
    expect(requestIdFrom(new Headers({ "x-request-id": "x".repeat(200) }))).toMatch(uuid);
  });
});
