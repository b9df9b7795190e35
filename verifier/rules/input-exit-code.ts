import { TC1_RUN, log } from './examples.js';
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'input/exit-code',
    category: 'termination',
    severity: 'warning',
    docs:
      'Compose prints "peerN exited with code N" when a container stops. A peer ends its part of the run by exiting 0; any other code (a crash, ' +
      'a panic, being killed: 137, 143) is reported as a warning, since the transcript itself decides whether the run was correct.',
    messages: { exit: '{container} exited with code {code}' },
    hint: 'Exit 0 once the run is over; look at the peer\'s stderr for the crash.',
  },
  create(context) {
    return {
      record(record) {
        if (record.status !== 'meta' || record.exitCode === null || record.exitCode === 0) return;
        context.report({
          messageId: 'exit',
          data: { container: record.text, code: record.exitCode },
          at: { file: record.file, line: record.line },
          peer: record.printer,
          expected: 'exit code 0',
          seen: `exit code ${record.exitCode}`,
        });
      },
    };
  },
  examples: {
    valid: [{ name: 'every peer exits 0', log: log([...TC1_RUN, 'peer1 exited with code 0', 'peer2 exited with code 0']) }],
    invalid: [{ name: 'a crash', log: log([...TC1_RUN, 'peer3 exited with code 2']) }],
  },
};

export default rule;
