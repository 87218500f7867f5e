import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // the differential and engine suites spawn processes; two cores on CI
    maxWorkers: 2,
  },
});
