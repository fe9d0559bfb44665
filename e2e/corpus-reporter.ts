import type { Reporter, TestCase } from "@playwright/test/reporter";
import { CORPUS_FOUND, CORPUS_MISSING, corpusSkippedLine } from "../test/fixtures";

/** Says in one line, at the end of a run without the corpus, how many specs on it were skipped. */
export default class CorpusReporter implements Reporter {
  private skipped = 0;

  onTestEnd(test: TestCase) {
    if (test.annotations.some(({ type, description }) => type === "skip" && description === CORPUS_MISSING))
      this.skipped++;
  }

  onEnd() {
    if (!CORPUS_FOUND && this.skipped > 0) console.log(corpusSkippedLine(this.skipped));
  }

  printsToStdio() {
    return false;
  }
}
