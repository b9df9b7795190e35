import { msg, showV } from './format.js';
import { PRINTS_ON_ARRIVAL_TC2, TC2_RUN, at, log, replaced } from './examples.js';
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'acceptor/prepare-ack-report',
    category: 'prepare-ack-report',
    severity: 'error',
    docs:
      'Slide 45 step 3: an acceptor answers Prepare(n) with Return(acceptedProposal, acceptedValue), the last proposal it accepted (0 and null when none). ' +
      'The verifier replays each acceptor\'s state from its own lines and compares: a prepare_ack that hides an accepted value is what lets a second ' +
      'proposer overwrite a chosen value. The acceptor\'s replies are the order it handled its requests in (it may print a request on arrival and ' +
      'answer it later); each answers an earlier unanswered request, and is judged against the state at the moment it was sent.',
    messages: {
      misreport: '{peer} answered peer{sender}\'s prepare({n}) with {seen}, but it had accepted {expected}',
      nothing: '{peer} answered peer{sender}\'s prepare({n}) with {seen}, but it had accepted nothing yet: {expected}',
    },
    hint: 'Return the acceptor\'s stored (acceptedProposal, acceptedValue), not minProposal and not the incoming n.',
  },
  create(context) {
    return {
      on: {
        'sent:prepare_ack'(event, facts) {
          const request = facts.answers;
          if (!request) return;
          const accepted = request.reply.expected;
          if (event.n === accepted.n && event.value === accepted.value) return;
          const expected = msg('prepare_ack', context.formatN(accepted.n), accepted.value);
          const seen = msg('prepare_ack', context.formatN(event.n), event.value);
          context.report({
            messageId: accepted.n === 0 ? 'nothing' : 'misreport',
            data: { peer: `peer${event.printer}`, sender: request.sender, n: context.formatN(request.n), seen, expected: `(${context.formatN(accepted.n)}, ${showV(accepted.value)})` },
            event,
            expected,
            seen,
          });
        },
      },
    };
  },
  examples: {
    valid: [
      { name: 'reports (101, X) to peer5', scenario: 'tc2', log: log(TC2_RUN) },
      { name: 'peer4 prints peer5\'s prepare before acknowledging accept(101) and reports (101, X) after it', scenario: 'tc2', log: log(PRINTS_ON_ARRIVAL_TC2) },
    ],
    invalid: [
      { name: 'hides the accepted value', scenario: 'tc2', log: log(replaced(replaced(TC2_RUN, at(TC2_RUN, '2 sent prepare_ack X 101'), '2 sent prepare_ack - 0'), at(TC2_RUN, '5 received prepare_ack X 101 from 2'), '5 received prepare_ack - 0 from 2')) },
      { name: 'reports the incoming number', scenario: 'tc2', log: log(replaced(replaced(TC2_RUN, at(TC2_RUN, '3 sent prepare_ack X 101'), '3 sent prepare_ack X 105'), at(TC2_RUN, '5 received prepare_ack X 101 from 3'), '5 received prepare_ack X 105 from 3')) },
    ],
  },
};

export default rule;
