import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          setupFiles: ["test/support/transport.ts"],
          testTimeout: 30_000
        }
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts", "test/reliability/**/*.test.ts", "examples/**/*.test.ts"],
          globalSetup: ["test/integration/globalSetup.ts"],
          setupFiles: ["test/support/transport.ts"],
          testTimeout: 90_000,
          hookTimeout: 180_000
        }
      }
    ]
  }
})
