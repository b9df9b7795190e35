import { TC2_RUN, log } from './examples.js';
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'scenario/tc2-adoption',
    category: 'tc2-order',
    severity: 'error',
    docs:
      'Testcase 2 expectation (slide 46): peer5\'s prepare_acks report peer1\'s accepted (n, X), so peer5 adopts X and sends accept with X. ' +
      'When none of peer5\'s prepare_acks reported X, peer5 rightly kept Y, but then the testcase did not happen as the handout describes. ' +
      '(A peer5 that was told X and still sent Y is proposer/adopt-value, not this.)',
    messages: {
      notTold: 'none of peer{second}\'s prepare_acks reported peer{first}\'s accepted value {expected}, so it proposed {seen}: the testcase\'s adoption did not happen',
      noAccept: 'peer{second} never sent accept, so it never adopted {expected}',
    },
    hint: 'Start the second proposer later (-t delay), after a majority of acceptors accepted peer1\'s proposal.',
  },
  create(context) {
    const { firstProposer: first = 1, secondProposer: second = 5, expectedValue: expected } = context.scenario.params;
    let done = false;
    return {
      on: {
        'sent:accept'(event, facts) {
          if (done || event.printer !== second || !facts.round) return;
          done = true;
          if (facts.round.expectedValue === expected) return;
          context.report({
            messageId: 'notTold',
            data: { second, first, expected, seen: event.value ?? 'null' },
            event,
            expected: `prepare_acks reporting ${expected}`,
            seen: `accept with ${event.value ?? 'null'}`,
          });
        },
      },
      end() {
        const started = context.model.proposers.get(second)?.first;
        if (done || !started) return;
        context.report({ messageId: 'noAccept', data: { second, expected }, at: started.at, peer: second, expected: `an accept with ${expected}`, seen: 'no accept' });
      },
    };
  },
  examples: {
    valid: [{ name: 'peer5 adopts X', scenario: 'tc2', log: log(TC2_RUN) }],
    invalid: [
      {
        name: 'peer5 prepares before anyone accepted',
        scenario: 'tc2',
        log: log([
          '5 sent prepare Y 105', '5 sent prepare Y 105', '5 sent prepare Y 105',
          '2 received prepare Y 105 from 5', '2 sent prepare_ack - 0',
          '3 received prepare Y 105 from 5', '3 sent prepare_ack - 0',
          '5 received prepare_ack - 0 from 2', '5 received prepare_ack - 0 from 3',
          '5 sent accept Y 105',
        ]),
      },
    ],
  },
};

export default rule;
