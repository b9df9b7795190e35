import { TC1_RUN, log } from './examples.js';
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'output/noise',
    category: 'noise',
    severity: 'warning',
    docs:
      'Stdout carries only transcript lines; debug text ("listening on 0.0.0.0:3000", "State updated") belongs on stderr. ' +
      'A correct run with noise still passes, with a warning per peer listing where the noise is.',
    messages: { noise: '{peer} printed text that is not a transcript line: {text}' },
    hint: 'Send diagnostics to stderr (Go: log or fmt.Fprintln(os.Stderr, ...); Java: System.err; C: fprintf(stderr, ...)).',
  },
  create(context) {
    return {
      record(record) {
        if (record.status !== 'noise') return;
        const text = record.text.length > 80 ? `${record.text.slice(0, 77)}...` : record.text;
        context.report({
          messageId: 'noise',
          data: { peer: record.printer === null ? 'a peer' : `peer${record.printer}`, text: JSON.stringify(text) },
          at: { file: record.file, line: record.line },
          peer: record.printer,
          expected: 'only JSON transcript lines on stdout',
          seen: text,
          mergeKey: String(record.printer),
        });
      },
    };
  },
  examples: {
    valid: [{ name: 'transcript only', log: log(TC1_RUN) }],
    invalid: [{ name: 'a debug line', log: log(['peer3  | listening on 0.0.0.0:3000', ...TC1_RUN]) }],
  },
};

export default rule;
