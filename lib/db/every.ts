import { throttledWarning } from "../observe/log";

/**
 * Runs a background job every `intervalMs` until the returned function is called: never two runs at
 * once (a run that outlasts the interval skips the ticks it covers), a failure logged at most once a
 * minute in `failure`'s words and tried again at the next tick. The timer does not keep the process up.
 */
export function every(intervalMs: number, failure: string, job: () => Promise<void>): () => void {
  let running = false;
  const reportFailure = throttledWarning(failure);
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await job();
    } catch (error) {
      reportFailure({ err: (error as Error).message });
    } finally {
      running = false;
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
