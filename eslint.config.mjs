import next from "eslint-config-next";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...next,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "all" }],
    },
  },
  {
    // Every request the server makes on someone's behalf goes through the guarded client (server/net/outbound.ts).
    files: ["server/**/*.ts"],
    ignores: ["**/*.test.ts", "server/**/testing.ts"],
    rules: {
      "no-restricted-globals": ["error", { name: "fetch", message: "Use outboundRequest or guardedFetch from @/server/net/outbound: they refuse private addresses and pin the checked one." }],
    },
  },
  { ignores: [".next/**", ".next-*/**", ".switchback/**", "node_modules/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
];

export default config;
