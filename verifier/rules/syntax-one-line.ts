import { TC1_RUN, line, log } from './examples.js';
import type { Rule } from './types.js';

/** The tc1 run printed in the handout's four-line layout. */
export const MULTI_LINE_TC1 = TC1_RUN.map((spec) => {
  const [prefix, json] = line(spec).split('| ') as [string, string];
  const m = JSON.parse(json) as Record<string, string | number | null>;
  return [
    `${prefix}| {"peer_id":${m['peer_id']}, "action": "${m['action']}",`,
    `${prefix}| "message_type":"${m['message_type']}",`,
    `${prefix}| "message_value":${JSON.stringify(m['message_value'])},`,
    `${prefix}| "proposal_num":${m['proposal_num']}}`,
  ].join('\n');
});

const rule: Rule = {
  meta: {
    id: 'syntax/one-line',
    category: 'one-line',
    severity: 'error',
    docs:
      'Each message is one JSON object on one line (strict profile). The handout lays its examples out over four lines, and students copy that; ' +
      'the verifier reassembles such objects from the peer\'s own consecutive lines so the rest of the run can still be checked, and reports it once per peer. ' +
      'Under the lenient profile this is the variant "multi-line-object" instead.',
    messages: { spread: 'an object is spread over {lines} lines ({from}-{to}); each message must be one line of JSON' },
    hint: 'Print the whole object, then a single newline: no newlines inside it (in Go, json.Marshal; in Java, no println between the fields). --profile lenient puts such objects back together with a warning.',
  },
  create(context) {
    return {
      record(record) {
        if (context.profile !== 'strict' || !record.segments || record.segments.length < 2) return;
        const last = record.segments[record.segments.length - 1]!.line;
        context.report({
          messageId: 'spread',
          data: { lines: record.segments.length, from: record.line, to: last },
          at: { file: record.file, line: record.line },
          peer: record.printer,
          expected: 'one object per line',
          seen: `an object over ${record.segments.length} lines`,
          mergeKey: String(record.printer),
        });
      },
    };
  },
  examples: {
    valid: [
      { name: 'one object per line', log: log(TC1_RUN) },
      { name: 'lenient reassembles without this error', profile: 'lenient', log: MULTI_LINE_TC1.join('\n') + '\n' },
    ],
    invalid: [{ name: 'the handout\'s four-line layout', log: MULTI_LINE_TC1.join('\n') + '\n' }],
  },
};

export default rule;
