import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    // expect.poll gives up after 1 s by default: on a loaded 2-core CI machine a page's worker can
    // take longer than that to load the questions. The test's own timeout still bounds a real hang.
    expect: { poll: { timeout: 45_000 } },
  },
});
