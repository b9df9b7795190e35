import { TC2_RUN, log } from './examples.js';
import type { Rule } from './types.js';

/**
 * Scenario expectation: each of `proposers` had an accept rejected (an
 * accept_ack with a higher number) and went on to prepare again with a
 * higher number, as slide 45's step 7 says ("goto 1").
 */
export function retryAfterRejection(proposers: readonly number[]): Rule {
  return {
    meta: {
      id: 'scenario/retry-after-rejection',
      category: 'tc2-order',
      severity: 'error',
      docs:
        'Scenario expectation (slide 46 case 3, duelling proposers): the named proposers must each see a rejection (an accept_ack whose number ' +
        'exceeds their n) and then start a new round with a higher proposal number. A run without it is not wrong Paxos, but it did not show the scenario.',
      messages: {
        notRejected: 'peer{proposer} never received a rejecting accept_ack, so the scenario\'s rejection did not happen',
        noRetry: 'peer{proposer} was rejected but never prepared again with a higher number',
      },
      hint: 'On a rejection (an accept_ack whose proposal_num, the acceptor\'s result, is above n), choose a higher n and start again from step 1 after a random back-off.',
    },
    create(context) {
      const rejectedAt = new Map<number, number>();
      const retried = new Set<number>();
      return {
        on: {
          'received:accept_ack'(event, facts) {
            if (facts.rejection && facts.round && !rejectedAt.has(event.printer)) rejectedAt.set(event.printer, facts.round.n);
          },
          'sent:prepare'(event) {
            const rejectedN = rejectedAt.get(event.printer);
            if (rejectedN !== undefined && event.n > rejectedN) retried.add(event.printer);
          },
        },
        end() {
          for (const proposer of proposers) {
            if (retried.has(proposer)) continue;
            const rejected = rejectedAt.has(proposer);
            context.report({
              messageId: rejected ? 'noRetry' : 'notRejected',
              data: { proposer },
              peer: proposer,
              expected: rejected ? `a prepare from peer${proposer} with a higher number` : `a rejection of peer${proposer}'s accept`,
              seen: 'none',
            });
          }
        },
      };
    },
    examples: {
      valid: [],
      invalid: [{ name: 'nobody is rejected in testcase 2', scenario: 'tc2', log: log(TC2_RUN) }],
    },
  };
}
