import { readCookie } from "./cookies";
import { safeNextPath } from "./paths";

describe("safeNextPath", () => {
  it.each([
    [null, "/boards"],
    ["", "/boards"],
    ["https://evil.example", "/boards"],
    ["//evil.example", "/boards"],
    ["/\\evil.example", "/boards"],
    ["/boards/1?x=2", "/boards/1?x=2"],
  ])("%p -> %p", (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });
});

describe("readCookie", () => {
  it("finds a cookie among others and decodes it", () => {
    expect(readCookie("a=1; tb_csrf=abc%3D%3D; b=2", "tb_csrf")).toBe("abc==");
    expect(readCookie("a=1", "tb_csrf")).toBeUndefined();
    expect(readCookie("", "tb_csrf")).toBeUndefined();
  });
});
