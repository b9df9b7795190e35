import { showV } from './format.js';
import { TC1_RUN, log } from './examples.js';
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'scenario/agreed-value',
    category: 'validity',
    severity: 'error',
    docs:
      'Testcase expectation: everyone who decides, decides the testcase\'s value (X in both testcases: in testcase 2 peer5 must end up with X even ' +
      'though it proposed Y). Every chose line carries it.',
    messages: { other: 'peer{peer} chose {seen}; testcase {scenario} expects everyone to agree on {expected}' },
    hint: 'In testcase 2 the second proposer must find X in its prepare_acks and adopt it.',
  },
  create(context) {
    return {
      end() {
        const expected = context.scenario.params.expectedValue;
        for (const record of context.model.chosen.values()) {
          if (record.value === expected) continue;
          context.report({
            messageId: 'other',
            data: { peer: record.peer, seen: showV(record.value), scenario: context.scenario.name, expected },
            at: record.at,
            peer: record.peer,
            expected: `chose ${expected}`,
            seen: `chose ${showV(record.value)}`,
          });
        }
      },
    };
  },
  examples: {
    valid: [{ name: 'X chosen', log: log(TC1_RUN) }],
    invalid: [{ name: 'Y chosen in testcase 1', scenario: 'tc1', log: log(TC1_RUN.map((s) => s.replace(' X ', ' Y '))) }],
  },
};

export default rule;
