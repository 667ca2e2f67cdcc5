import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: { alias: { beamlab: fileURLToPath(new URL("./runtime/index.ts", import.meta.url)) } },
  test: {
    include: ["runtime/**/*.test.ts", "lessons/**/*.test.ts", "app/**/*.test.ts", "bench/**/*.test.ts", "scripts/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["node_modules", "e2e", "out", ".next"],
    testTimeout: 20000,
  },
});
