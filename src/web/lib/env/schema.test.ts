import { clientEnv } from "./client";
import { parseEnv, serverEnvSchema } from "./schema";

describe("serverEnvSchema", () => {
  it("defaults the API URL outside production", () => {
    const env = parseEnv(serverEnvSchema, { NODE_ENV: "development" });
    expect(env.API_URL).toBe("http://127.0.0.1:8000");
    expect(env.LOG_LEVEL).toBe("info");
    expect(env.METRICS_PORT).toBe(9464);
  });

  it("requires API_URL in production", () => {
    expect(() => parseEnv(serverEnvSchema, { NODE_ENV: "production" })).toThrow(
      /API_URL: API_URL is required in production/,
    );
  });

  it("rejects a malformed URL and names the variable", () => {
    expect(() => parseEnv(serverEnvSchema, { API_URL: "not a url" })).toThrow(/API_URL/);
    expect(() => parseEnv(serverEnvSchema, { API_URL: "ftp://api" })).toThrow(/API_URL/);
  });

  it("strips a trailing slash so paths join cleanly", () => {
    const env = parseEnv(serverEnvSchema, { NODE_ENV: "production", API_URL: "http://api:8000/" });
    expect(env.API_URL).toBe("http://api:8000");
  });

  it("reads the metrics port, 0 turning them off, and rejects anything else", () => {
    expect(parseEnv(serverEnvSchema, { METRICS_PORT: "9100" }).METRICS_PORT).toBe(9100);
    expect(parseEnv(serverEnvSchema, { METRICS_PORT: "0" }).METRICS_PORT).toBe(0);
    for (const bad of ["http", "-1", "70000", "9.5"]) {
      expect(() => parseEnv(serverEnvSchema, { METRICS_PORT: bad })).toThrow(/METRICS_PORT/);
    }
  });

  it("rejects unknown log levels", () => {
    expect(() => parseEnv(serverEnvSchema, { LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
  });
});

describe("clientEnv", () => {
  it("has a default app name", () => {
    expect(clientEnv.NEXT_PUBLIC_APP_NAME).toBe("Taskboard");
  });
});
