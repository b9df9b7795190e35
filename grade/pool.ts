// Grades submissions on a pool of worker threads (verifying is CPU-bound:
// parsing JSON and replaying the run), or in this thread when jobs is 1.
// Results come back in completion order through onResult, and in input order
// from the returned promise. A submission whose grading fails, even by
// crashing its worker, gets an error result; the others are still graded.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Submission } from './discover.js';
import { failedSubmission, gradeOrFail, type GradeOptions, type SubmissionResult } from './submission.js';

/** More threads than cores only adds start-up cost: each worker loads the verifier. */
export function workerCount(jobs: number, submissions: number): number {
  return Math.max(1, Math.min(jobs, submissions, availableParallelism()));
}

export async function gradeAll(
  submissions: readonly Submission[],
  options: GradeOptions,
  jobs: number,
  onResult: (result: SubmissionResult) => void = () => {},
): Promise<SubmissionResult[]> {
  const results: SubmissionResult[] = new Array(submissions.length);
  const threads = workerCount(jobs, submissions.length);
  if (threads <= 1) {
    for (let i = 0; i < submissions.length; i++) {
      results[i] = await gradeOrFail(submissions[i]!, options);
      onResult(results[i]!);
    }
    return results;
  }

  const workers: Worker[] = [];
  let next = 0;
  let finished = 0;
  try {
    await new Promise<void>((resolve) => {
      const done = (index: number, result: SubmissionResult): void => {
        results[index] = result;
        onResult(result);
        if (++finished === submissions.length) resolve();
      };
      const start = (): void => {
        const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: options });
        workers.push(worker);
        let current: number | null = null;
        const feed = (): void => {
          current = next < submissions.length ? next++ : null;
          if (current !== null) worker.postMessage({ index: current, submission: submissions[current] });
        };
        worker.on('message', (message: { index: number; result: SubmissionResult }) => {
          current = null;
          done(message.index, message.result);
          feed();
        });
        // A worker that dies (out of memory, say) takes only its current submission with it.
        const died = (why: string): void => {
          if (current === null) return;
          const index = current;
          current = null;
          done(index, failedSubmission(submissions[index]!, options.rubric, why));
          if (next < submissions.length) start();
        };
        worker.on('error', (error) => died(`its grading thread failed: ${error.message}`));
        worker.on('exit', (code) => died(`its grading thread stopped with exit code ${code}`));
        feed();
      };
      for (let w = 0; w < threads; w++) start();
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
