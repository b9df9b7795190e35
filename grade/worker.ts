// A pool worker: grades the submissions the main thread sends it, one at a
// time, with the options it was started with.

import { parentPort, workerData } from 'node:worker_threads';
import type { Submission } from './discover.js';
import { gradeSubmission, type GradeOptions } from './submission.js';

const options = workerData as GradeOptions;

parentPort!.on('message', (message: { index: number; submission: Submission }) => {
  gradeSubmission(message.submission, options).then(
    (result) => parentPort!.postMessage({ index: message.index, result }),
    (error: unknown) => parentPort!.postMessage({ index: message.index, error: error instanceof Error ? error.message : String(error) }),
  );
});
