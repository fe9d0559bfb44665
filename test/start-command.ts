import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * The command `npm start` runs, read from package.json so that the tests start Tracelight exactly as
 * a newcomer does (node flags included) without npm in between to swallow signals.
 */
const root = path.resolve(import.meta.dirname, "..");
const { scripts } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
  scripts: { start: string };
};
const [command, ...args] = scripts.start.split(" ");

export const startCommand = { command: command as string, args, cwd: root };
