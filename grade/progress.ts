// Progress on stderr while a class is graded: a bar redrawn in place on a
// terminal, one plain line per submission otherwise (logs, CI).

import type { SubmissionResult } from './submission.js';
import { truncate, visibleControls } from './text.js';

export interface Progress {
  done(result: SubmissionResult): void;
  finish(): void;
}

export function createProgress(total: number, stream: NodeJS.WriteStream = process.stderr, enabled = true): Progress {
  let count = 0;
  const started = Date.now();
  if (!enabled || total === 0) return { done() {}, finish() {} };
  if (stream.isTTY) {
    const width = 30;
    return {
      done(result) {
        count++;
        const filled = Math.round((count / total) * width);
        const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
        const name = truncate(visibleControls(result.id), Math.max(10, (stream.columns ?? 80) - width - 24));
        stream.write(`\r\u001b[2K[${bar}] ${count}/${total} ${name}`);
      },
      finish() {
        stream.write(`\r\u001b[2Kgraded ${count} submissions in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      },
    };
  }
  return {
    done(result) {
      count++;
      stream.write(`graded ${count}/${total} ${visibleControls(result.id)}: ${result.points}/${result.maxPoints}\n`);
    },
    finish() {},
  };
}
