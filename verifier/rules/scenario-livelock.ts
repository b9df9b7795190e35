import { TC2_RUN, log } from './examples.js';
import type { Rule } from './types.js';

/**
 * Scenario expectation for duelling proposers without back-off: nobody
 * chooses, and each proposer keeps starting rounds (at least `minRounds`),
 * the livelock of slide 26. The run also fails run/termination, as it must.
 */
export function livelock(proposers: readonly number[], minRounds: number): Rule {
  return {
    meta: {
      id: 'scenario/livelock',
      category: 'tc2-order',
      severity: 'error',
      docs:
        'Scenario expectation (duelling proposers without randomised back-off): each proposer keeps preempting the other, so no value is chosen ' +
        `and each starts at least ${minRounds} rounds before the run is cut off. A decision, or a proposer that gives up, means the livelock was not shown.`,
      messages: {
        decided: 'peer{peer} chose {value}: the duel settled, so the livelock did not happen',
        fewRounds: 'peer{proposer} started only {rounds} round(s); a livelock keeps both proposers retrying (at least {minRounds})',
      },
      hint: 'Without a random back-off, two proposers that retry at once can preempt each other forever; this scenario shows exactly that.',
    },
    create(context) {
      const rounds = new Map<number, number>();
      return {
        on: {
          'sent:prepare'(event, facts) {
            if (facts.newRound) rounds.set(event.printer, (rounds.get(event.printer) ?? 0) + 1);
          },
        },
        end() {
          for (const record of context.model.chosen.values()) {
            context.report({ messageId: 'decided', data: { peer: record.peer, value: record.value }, at: record.at, peer: record.peer, expected: 'no chose', seen: `chose ${record.value}` });
          }
          for (const proposer of proposers) {
            const count = rounds.get(proposer) ?? 0;
            if (count >= minRounds) continue;
            context.report({
              messageId: 'fewRounds',
              data: { proposer, rounds: count, minRounds },
              peer: proposer,
              expected: `at least ${minRounds} rounds`,
              seen: `${count} round(s)`,
            });
          }
        },
      };
    },
    examples: {
      valid: [],
      invalid: [{ name: 'testcase 2 settles at once', scenario: 'tc2', log: log(TC2_RUN) }],
    },
  };
}
