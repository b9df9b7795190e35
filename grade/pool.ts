// Grades submissions on a pool of worker threads (verifying is CPU-bound:
// parsing JSON and replaying the run), or in this thread when jobs is 1.
// Results come back in completion order through onResult, and in input order
// from the returned promise.

import { Worker } from 'node:worker_threads';
import type { Submission } from './discover.js';
import { gradeSubmission, type GradeOptions, type SubmissionResult } from './submission.js';

export async function gradeAll(
  submissions: readonly Submission[],
  options: GradeOptions,
  jobs: number,
  onResult: (result: SubmissionResult) => void = () => {},
): Promise<SubmissionResult[]> {
  const results: SubmissionResult[] = new Array(submissions.length);
  if (jobs <= 1 || submissions.length <= 1) {
    for (let i = 0; i < submissions.length; i++) {
      results[i] = await gradeSubmission(submissions[i]!, options);
      onResult(results[i]!);
    }
    return results;
  }

  const workerCount = Math.min(jobs, submissions.length);
  const workers: Worker[] = [];
  let next = 0;
  let finished = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (worker: Worker): void => {
        if (next < submissions.length) {
          const index = next++;
          worker.postMessage({ index, submission: submissions[index] });
        }
      };
      for (let w = 0; w < workerCount; w++) {
        const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: options });
        workers.push(worker);
        worker.on('message', (message: { index: number; result?: SubmissionResult; error?: string }) => {
          if (message.error !== undefined) {
            reject(new Error(`${submissions[message.index]!.id}: ${message.error}`));
            return;
          }
          results[message.index] = message.result!;
          onResult(message.result!);
          if (++finished === submissions.length) resolve();
          else feed(worker);
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (finished < submissions.length && code !== 0) reject(new Error(`a grading worker stopped with exit code ${code}`));
        });
        feed(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
