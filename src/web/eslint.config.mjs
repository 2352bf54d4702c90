import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  // Formatting is Prettier's job (`prettier --check` runs in `pnpm lint`).
  prettier,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  {
    // Generated API calls are only reached through `lib/api`; UI never imports them directly
    // except types and zod schemas.
    files: ["components/**/*.{ts,tsx}", "app/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/api/generated/client", "@/lib/api/generated/client/*"],
              message: "Use the configured clients in @/lib/api instead.",
            },
          ],
        },
      ],
    },
  },
  globalIgnores([
    // create-next-app's template as generated, with its own package (the web report's floor).
    "bench/starter/**",
    ".next/**",
    "coverage/**",
    "lib/api/generated/**",
    "next-env.d.ts",
    "playwright-report/**",
    "test-results/**",
  ]),
]);
