import { TC1_RUN, at, log, replaced } from './examples.js';
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'schema/line-shape',
    category: 'schema',
    severity: 'error',
    docs:
      'A JSON line must match schemas/transcript-line.schema.json (strict) or its lenient variant: exactly the five keys, action and message_type ' +
      'from the allowed words, message_value one character or null, proposal_num a whole number. Each problem names the key, what was expected and ' +
      'what was printed; the same mistake on many lines is one finding with its number of occurrences.',
    messages: { shape: '{problem}' },
    hint: 'Every line has exactly these five keys: peer_id, action, message_type, message_value, proposal_num.',
  },
  create(context) {
    return {
      record(record) {
        if (record.status !== 'schema-error' || !record.schema) return;
        for (const problem of record.schema) {
          context.report({
            messageId: 'shape',
            data: { problem: problem.message },
            at: { file: record.file, line: record.line },
            peer: record.printer,
            expected: problem.expected,
            seen: problem.seen,
            hint: problem.hint,
            mergeKey: problem.signature,
          });
        }
      },
    };
  },
  examples: {
    valid: [
      { name: 'strict lines', log: log(TC1_RUN) },
      { name: 'lenient accepts "prepare ack"', profile: 'lenient', log: log(replaced(TC1_RUN, at(TC1_RUN, '2 sent prepare_ack - 0'), 'peer2  | {"peer_id":2,"action":"sent","message_type":"prepare ack","message_value":null,"proposal_num":0}')) },
    ],
    invalid: [
      { name: 'missing key', log: log(replaced(TC1_RUN, 0, 'peer1  | {"peer_id":1,"action":"sent","message_type":"prepare","message_value":"X"}')) },
      { name: 'extra key', log: log(replaced(TC1_RUN, 0, 'peer1  | {"peer_id":1,"action":"sent","message_type":"prepare","message_value":"X","proposal_num":101,"time":3}')) },
      { name: 'wrong type', log: log(replaced(TC1_RUN, 0, 'peer1  | {"peer_id":"one","action":"sent","message_type":"prepare","message_value":"X","proposal_num":101}')) },
      { name: '"prepare ack" in strict', log: log(replaced(TC1_RUN, at(TC1_RUN, '2 sent prepare_ack - 0'), 'peer2  | {"peer_id":2,"action":"sent","message_type":"prepare ack","message_value":null,"proposal_num":0}')) },
      { name: 'decimal proposal number in strict', log: log(replaced(TC1_RUN, 0, 'peer1  | {"peer_id":1,"action":"sent","message_type":"prepare","message_value":"X","proposal_num":1.1}')) },
    ],
  },
};

export default rule;
