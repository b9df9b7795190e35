import { msg } from './format.js';
import { TC2_RUN, at, log, replaced } from './examples.js';
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'acceptor/accept-ack-report',
    category: 'accept-below-promise',
    severity: 'error',
    docs:
      'Slide 45 step 6 also fixes what an accept_ack says: Return(minProposal) after handling the accept, with the acceptor\'s acceptedValue. ' +
      'Rejecting an accept whose n is at least minProposal, or returning another number or value, misleads the proposer (a false rejection makes it ' +
      'retry for nothing; a wrong number hides a rejection). Accepting below a promise is acceptor/accept-below-promise.',
    messages: {
      rejected: '{peer} rejected peer{sender}\'s accept({n}, {value}) (replied {seen}) although its minProposal was {min}, so it had to accept',
      wrong: '{peer} answered peer{sender}\'s accept({n}, {value}) with {seen}; slide 45 returns {expected}',
    },
    hint: 'After accepting, minProposal = acceptedProposal = n and acceptedValue = value; reply with (minProposal, acceptedValue).',
  },
  create(context) {
    return {
      on: {
        'sent:accept_ack'(event, facts) {
          const request = facts.answers;
          if (!request) return;
          const { expected, granted, before } = request.reply;
          if (event.n === expected.n && event.value === expected.value) return;
          if (!granted && event.n <= request.n) return; // accepted below its promise: the other rule's finding
          const data = {
            peer: `peer${event.printer}`, sender: request.sender, n: context.formatN(request.n), value: request.value ?? 'null',
            seen: msg('accept_ack', context.formatN(event.n), event.value), min: context.formatN(before.minProposal),
            expected: msg('accept_ack', context.formatN(expected.n), expected.value),
          };
          context.report({
            messageId: granted && event.n > request.n ? 'rejected' : 'wrong',
            data,
            event,
            expected: data.expected,
            seen: data.seen,
          });
        },
      },
    };
  },
  examples: {
    valid: [{ name: 'correct replies', scenario: 'tc2', log: log(TC2_RUN) }],
    invalid: [
      { name: 'rejects without reason', scenario: 'tc2', log: log(replaced(replaced(TC2_RUN, at(TC2_RUN, '2 sent accept_ack X 105'), '2 sent accept_ack X 205'), at(TC2_RUN, '5 received accept_ack X 105 from 2'), '5 received accept_ack X 205 from 2')) },
      { name: 'returns the old value', scenario: 'tc2', log: log(replaced(replaced(TC2_RUN, at(TC2_RUN, '2 sent accept_ack X 101'), '2 sent accept_ack - 101'), at(TC2_RUN, '1 received accept_ack X 101 from 2'), '1 received accept_ack - 101 from 2')) },
    ],
  },
};

export default rule;
