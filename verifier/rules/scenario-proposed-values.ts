import { TC1_RUN, log } from './examples.js';
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'scenario/proposed-values',
    category: 'validity',
    severity: 'error',
    docs:
      'Testcase expectation: each proposer proposes the value its Compose command gives it with -v (testcase 1: peer1 X; testcase 2: peer1 X, ' +
      'peer5 Y). Its first prepare carries that value.',
    messages: { value: 'peer{proposer}\'s first prepare carries {seen}, but the testcase starts it with -v {expected}' },
    hint: 'Propose the value given with -v on the command line.',
  },
  create(context) {
    return {
      end() {
        for (const [id, expected] of Object.entries(context.scenario.params.proposedValues)) {
          const first = context.model.proposers.get(Number(id))?.first;
          if (!first || first.value === expected) continue;
          context.report({
            messageId: 'value',
            data: { proposer: id, seen: first.value ?? 'null', expected },
            at: first.at,
            peer: Number(id),
            expected: `value ${expected}`,
            seen: `value ${first.value ?? 'null'}`,
          });
        }
      },
    };
  },
  examples: {
    valid: [{ name: 'peer1 proposes X', log: log(TC1_RUN) }],
    invalid: [{ name: 'peer1 proposes Y', scenario: 'tc1', log: log(TC1_RUN.map((s) => s.replace(' X ', ' Y '))) }],
  },
};

export default rule;
