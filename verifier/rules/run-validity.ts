import { showV } from './format.js';
import { TC1_RUN, at, log, replaced } from './examples.js';
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'run/validity',
    category: 'validity',
    severity: 'error',
    docs: 'Paxos validity: only a value some proposer proposed (put in a prepare) can be chosen. A chose line with any other value was made up.',
    messages: { invented: 'peer{peer} chose {value}, which no proposer proposed (proposed: {proposed})' },
    hint: 'The chosen value comes from an accept, whose value comes from a prepare_ack or from the proposer\'s own -v value.',
  },
  create(context) {
    return {
      end() {
        for (const record of context.model.chosen.values()) {
          if (context.model.proposed.has(record.value)) continue;
          context.report({
            messageId: 'invented',
            data: { peer: record.peer, value: showV(record.value), proposed: [...context.model.proposed].map(showV).join(', ') || 'nothing' },
            at: record.at,
            peer: record.peer,
            expected: 'a proposed value',
            seen: showV(record.value),
          });
        }
      },
    };
  },
  examples: {
    valid: [{ name: 'X was proposed', log: log(TC1_RUN) }],
    invalid: [{ name: 'Z out of nowhere', log: log(replaced(TC1_RUN, at(TC1_RUN, '1 chose X 101'), '1 chose Z 101')) }],
  },
};

export default rule;
