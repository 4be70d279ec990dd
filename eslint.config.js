import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "src/wire/gen/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Plain Node scripts: the process edge.
    files: ["bin/**/*.js", "scripts/**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
  {
    // The layer rule file is CommonJS, as dependency-cruiser reads it.
    files: [".dependency-cruiser.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { module: "writable" } },
  },
  {
    // Only platform/node may reach for wall-clock time, timers, randomness and node I/O (ARCHITECTURE.md).
    files: ["src/**/*.ts"],
    ignores: ["src/platform/node/**", "src/cli/**"],
    rules: {
      "no-restricted-globals": ["error", "setTimeout", "setInterval", "setImmediate", "clearTimeout", "clearInterval"],
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: "use the Clock handed in" },
        { object: "Math", property: "random", message: "use the Rng handed in" },
      ],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["node:dgram", "node:net", "node:fs", "node:fs/*", "node:timers", "node:timers/*"],
              message: "only src/platform/node/ does I/O",
            },
          ],
        },
      ],
    },
  },
);
