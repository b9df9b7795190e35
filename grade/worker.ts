// A pool worker: grades the submissions the main thread sends it, one at a
// time, with the options it was started with.

import { parentPort, workerData } from 'node:worker_threads';
import type { Submission } from './discover.js';
import { gradeOrFail, type GradeOptions } from './submission.js';

const options = workerData as GradeOptions;

parentPort!.on('message', (message: { index: number; submission: Submission }) => {
  void gradeOrFail(message.submission, options).then((result) => parentPort!.postMessage({ index: message.index, result }));
});
