import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The project's own trace files, test/data/ (its README says what each shows): small, written for
 * the tests and committed, so every format has tests on files where the real-world corpus is absent.
 */
export const testDataPath = (name: string): string => fileURLToPath(new URL(`data/${name}`, import.meta.url));

export const readTestDataBytes = (name: string): Buffer => readFileSync(testDataPath(name));

export const readTestData = (name: string): unknown => JSON.parse(readTestDataBytes(name).toString("utf8"));
