import type { Reporter } from "vitest/node";
import { CORPUS_FOUND, corpusSkippedLine } from "./fixtures";

/** Says in one line, at the end of a run without the corpus, how many of its tests were skipped. */
export default class CorpusReporter implements Reporter {
  onTestRunEnd: Reporter["onTestRunEnd"] = (testModules) => {
    if (CORPUS_FOUND) return;
    let skipped = 0;
    for (const module of testModules)
      for (const test of module.children.allTests("skipped")) if (test.tags.includes("corpus")) skipped++;
    if (skipped > 0) console.log(corpusSkippedLine(skipped));
  };
}
