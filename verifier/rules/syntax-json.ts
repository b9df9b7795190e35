import { positionOf } from '../parse/record.js';
import { TC1_RUN, at, log, replaced } from './examples.js';
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'syntax/json',
    category: 'json-syntax',
    severity: 'error',
    docs:
      'A line that starts like JSON (or names "peer_id") must parse as JSON. The finding gives the line and column in the input file (prefix included), ' +
      'and what was expected there: a missing comma, a string never closed, single quotes, a raw control character (a NUL byte from printing an empty char), text after the object.',
    messages: { syntax: 'line {line}, column {column}: {problem}' },
    hint: 'Build the line with your language\'s JSON library instead of by hand, and print it with one call.',
  },
  create(context) {
    return {
      record(record) {
        if (record.status !== 'json-error' || !record.json) return;
        const { line, column } = positionOf(record, record.json.offset);
        context.report({
          messageId: 'syntax',
          data: { line, column, problem: record.json.message },
          at: { file: record.file, line },
          column,
          peer: record.printer,
          expected: record.json.expected,
          seen: record.json.seen,
          hint: record.json.hint,
        });
      },
    };
  },
  examples: {
    valid: [{ name: 'every line is JSON', log: log(TC1_RUN) }],
    invalid: [
      { name: 'missing comma', log: log(replaced(TC1_RUN, at(TC1_RUN, '1 chose X 101'), 'peer1  | {"peer_id":1 "action":"chose","message_type":"chose","message_value":"X","proposal_num":101}')) },
      { name: 'raw NUL in a value', log: log(replaced(TC1_RUN, at(TC1_RUN, '2 sent prepare_ack - 0'), 'peer2  | {"peer_id":2,"action":"sent","message_type":"prepare_ack","message_value":"\u0000","proposal_num":0}')) },
      { name: 'single quotes', log: log(replaced(TC1_RUN, 0, "peer1  | {'peer_id':1}")) },
      { name: 'text after the object', log: log(replaced(TC1_RUN, 0, 'peer1  | {"peer_id":1,"action":"sent","message_type":"prepare","message_value":"X","proposal_num":101} ok')) },
    ],
  },
};

export default rule;
