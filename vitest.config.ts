import { defineConfig } from "vitest/config";
import { CORPUS_FOUND } from "./test/fixtures.js";

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
    },
  },
  test: {
    reporters: process.env.CI
      ? ["default", "./test/corpus-reporter.ts", ["json", { outputFile: "test-results/vitest.json" }]]
      : ["default", "./test/corpus-reporter.ts"],
    // Tests on the real-world trace corpus (test/fixtures.ts) run where it is and are skipped elsewhere.
    tags: [{ name: "corpus", description: "reads the real-world trace corpus", skip: !CORPUS_FOUND }],
    projects: [
      {
        // Property tests run hundreds of cases each: on a loaded two-core machine one took longer than
        // vitest's default 5 s, so a unit test may take 20.
        extends: true,
        test: { name: "unit", include: ["lib/**/*.test.ts"], testTimeout: 20_000 },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["test/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // Access control: each file starts the servers it configures (tokens, sign-in, a proxy's
        // identity), with the peers' ports off, one file at a time.
        extends: true,
        test: {
          name: "access",
          include: ["test/access/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // Roles (lib/role.ts): each file starts several instances of its own on one database, with the
        // peers' ports off, one file at a time.
        extends: true,
        test: {
          name: "roles",
          include: ["test/roles/**/*.test.ts"],
          // Last, alone: its servers beside a running suite slowed that suite's fuzzing past its time.
          sequence: { groupOrder: 2 },
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        // Faults and load: each file starts the servers it breaks (never the integration suite's), with
        // the peers' ports off, one file at a time; every test bounds its own time.
        extends: true,
        test: {
          name: "faults",
          include: ["test/faults/**/*.test.ts"],
          // After the other projects: load tests and a busy integration suite would skew each other.
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
