import { positionOf } from '../parse/record.js';
import { TC1_RUN, at, log, replaced } from './examples.js';
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'syntax/duplicate-key',
    category: 'duplicate-key',
    severity: 'error',
    docs:
      'A key may appear once per object. JSON.parse, and most graders\' scripts, silently keep the last value, so a line with "message_value" twice ' +
      'says two things and a reader sees only one of them. The verifier goes on with the last value, as JSON.parse would, and fails the run.',
    messages: { duplicate: '"{key}" appears twice: {first} at column {firstColumn}, then {second} at column {column}; JSON.parse silently keeps {second}' },
    hint: 'Write each key once; if you build the line by hand, check the format string.',
  },
  create(context) {
    return {
      record(record) {
        for (const d of record.duplicates) {
          const first = positionOf(record, d.firstOffset);
          const { line, column } = positionOf(record, d.offset);
          context.report({
            messageId: 'duplicate',
            data: { key: d.key, first: d.firstValue, second: d.value, firstColumn: first.column, column },
            at: { file: record.file, line },
            column,
            peer: record.printer,
            expected: `"${d.key}" once`,
            seen: `"${d.key}":${d.firstValue} and "${d.key}":${d.value}`,
          });
        }
      },
    };
  },
  examples: {
    valid: [{ name: 'each key once', log: log(TC1_RUN) }],
    invalid: [
      {
        name: 'message_value twice on the chose line',
        log: log(replaced(TC1_RUN, at(TC1_RUN, '1 chose X 101'), 'peer1  | {"peer_id":1,"action":"chose","message_type":"chose","message_value":"Y","message_value":"X","proposal_num":101}')),
      },
    ],
  },
};

export default rule;
