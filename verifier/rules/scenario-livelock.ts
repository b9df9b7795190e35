import { TC2_RUN, log } from './examples.js';
import type { Rule } from './types.js';

/**
 * Scenario expectation for duelling proposers without back-off: nobody
 * chooses, and each proposer keeps starting rounds (at least `minRounds`),
 * each new one after the rival rejected the last (the livelock of slide 26).
 * The scenario lists run/termination as its expected failure: without this
 * rule, a run that merely stalled would pass as a livelock.
 */
export function livelock(proposers: readonly number[], minRounds: number): Rule {
  return {
    meta: {
      id: 'scenario/livelock',
      category: 'tc2-order',
      severity: 'error',
      docs:
        'Scenario expectation (duelling proposers without randomised back-off): each proposer keeps preempting the other, so no value is chosen; ' +
        `each starts at least ${minRounds} rounds before the run is cut off, and has at least ${minRounds - 1} of them rejected (an accept_ack above its n). ` +
        'A decision, a proposer that gives up, or rounds that end without a rejection mean the livelock was not shown.',
      messages: {
        decided: 'peer{peer} chose {value}: the duel settled, so the livelock did not happen',
        fewRounds: 'peer{proposer} started only {rounds} round(s); a livelock keeps both proposers retrying (at least {minRounds})',
        fewRejections: 'peer{proposer} had only {rejected} round(s) rejected; in a livelock the rival preempts every round (at least {minRejected})',
      },
      hint: 'Without a random back-off, two proposers that retry at once can preempt each other forever; this scenario shows exactly that.',
    },
    create(context) {
      const rounds = new Map<number, number>();
      const rejectedRounds = new Map<number, Set<number>>();
      return {
        on: {
          'sent:prepare'(event, facts) {
            if (facts.newRound) rounds.set(event.printer, (rounds.get(event.printer) ?? 0) + 1);
          },
          'received:accept_ack'(event, facts) {
            if (!facts.rejection || !facts.round) return;
            const rejected = rejectedRounds.get(event.printer) ?? new Set<number>();
            rejectedRounds.set(event.printer, rejected.add(facts.round.n));
          },
        },
        end() {
          for (const record of context.model.chosen.values()) {
            context.report({ messageId: 'decided', data: { peer: record.peer, value: record.value }, at: record.at, peer: record.peer, expected: 'no chose', seen: `chose ${record.value}` });
          }
          for (const proposer of proposers) {
            const count = rounds.get(proposer) ?? 0;
            if (count < minRounds) {
              context.report({
                messageId: 'fewRounds',
                data: { proposer, rounds: count, minRounds },
                peer: proposer,
                expected: `at least ${minRounds} rounds`,
                seen: `${count} round(s)`,
              });
              continue;
            }
            const rejected = rejectedRounds.get(proposer)?.size ?? 0;
            if (rejected >= minRounds - 1) continue;
            context.report({
              messageId: 'fewRejections',
              data: { proposer, rejected, minRejected: minRounds - 1 },
              peer: proposer,
              expected: `at least ${minRounds - 1} rejected rounds`,
              seen: `${rejected}`,
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
