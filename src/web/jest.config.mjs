import nextJest from "next/jest.js";

const createJestConfig = nextJest({ dir: import.meta.dirname });

/** @type {import("jest").Config} */
const config = {
  testEnvironment: "jsdom",
  setupFilesAfterEnv: ["<rootDir>/jest.setup.ts"],
  moduleNameMapper: { "^@/(.*)$": "<rootDir>/$1" },
  testPathIgnorePatterns: ["<rootDir>/node_modules/", "<rootDir>/.next/", "<rootDir>/e2e/"],
  modulePathIgnorePatterns: ["<rootDir>/.next/"],
  collectCoverageFrom: [
    "components/**/*.{ts,tsx}",
    "lib/**/*.{ts,tsx}",
    "!lib/api/generated/**",
    "!**/*.d.ts",
  ],
  coverageReporters: ["text-summary", "text", "lcov"],
  coverageThreshold: { global: { lines: 80 } },
};

export default createJestConfig(config);
