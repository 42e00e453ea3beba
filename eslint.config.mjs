// Lint for what the compiler cannot see in asynchronous code: a store call that is not awaited runs after
// its transaction ended (or never), and a promise where a value is expected is always truthy.
import tseslint from "typescript-eslint";
import noAsyncPredicate from "./scripts/lint/no-async-predicate.mjs";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "src/generated/**", "**/*.mjs", "**/*.js", "ui/**"] },
  {
    files: ["src/**/*.ts", "test/**/*.ts", "bench/**/*.ts"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@typescript-eslint": tseslint.plugin, tclocal: { rules: { "no-async-predicate": noAsyncPredicate } } },
    rules: {
      "@typescript-eslint/no-floating-promises": [
        "error",
        { allowForKnownSafeCalls: [{ from: "package", package: "node:test", name: ["test", "describe", "it", "suite", "before", "after", "beforeEach", "afterEach"] }] },
      ],
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false, attributes: false } }],
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/return-await": ["error", "in-try-catch"],
      "tclocal/no-async-predicate": "error",
    },
  },
);
