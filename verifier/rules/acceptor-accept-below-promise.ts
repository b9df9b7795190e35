import { msg } from './format.js';
import { PRINTS_ON_ARRIVAL_TC2, PROMISE_THEN_ACCEPT_TC2, TC2_RUN, log } from './examples.js';
import type { Rule } from './types.js';

/** tc2 where peer1's accept reaches peer4 only after peer4 promised peer5 (105), and peer4 accepts it anyway. */
const LATE_AT_PEER4: Record<string, string[]> = {
  '4 sent prepare_ack X 101': ['4 sent prepare_ack - 0', '4 received accept X 101 from 1', '4 sent accept_ack X 101'],
  '5 received prepare_ack X 101 from 4': ['5 received prepare_ack - 0 from 4'],
};
export const BELOW_PROMISE_TC2 = TC2_RUN
  .filter((s) => !['4 received accept X 101 from 1', '4 sent accept_ack X 101', '1 received accept_ack X 101 from 4'].includes(s))
  .flatMap((s) => LATE_AT_PEER4[s] ?? [s])
  .concat('1 received accept_ack X 101 from 4');

const rule: Rule = {
  meta: {
    id: 'acceptor/accept-below-promise',
    category: 'accept-below-promise',
    severity: 'error',
    docs:
      'Slide 45 step 6: an acceptor accepts Accept(n, value) only if n >= minProposal. Having promised a higher proposal (answered its prepare: ' +
      'an acceptor handles requests in the order of its replies, whatever order it printed them arriving in), ' +
      'it must reject a lower accept by returning its minProposal, which is greater than n. An accept_ack that returns n or less says it accepted: ' +
      'that breaks the promise the other proposer relies on.',
    messages: {
      below: '{peer} accepted peer{sender}\'s accept({n}, {value}) (replied {seen}) although it had promised {min}; it must reject it and return {min}',
    },
    hint: 'In the accept handler compare n with minProposal first: if n < minProposal, change nothing and reply with minProposal.',
  },
  create(context) {
    return {
      on: {
        'sent:accept_ack'(event, facts) {
          const request = facts.answers;
          if (!request || request.reply.granted || event.n > request.n) return;
          const min = context.formatN(request.reply.before.minProposal);
          context.report({
            messageId: 'below',
            data: { peer: `peer${event.printer}`, sender: request.sender, n: context.formatN(request.n), value: request.value ?? 'null', seen: msg('accept_ack', context.formatN(event.n), event.value), min },
            event,
            expected: msg('accept_ack', min, request.reply.expected.value),
            seen: msg('accept_ack', context.formatN(event.n), event.value),
          });
        },
      },
    };
  },
  examples: {
    valid: [
      { name: 'accepts in order', scenario: 'tc2', log: log(TC2_RUN) },
      { name: 'peer4 prints peer5\'s prepare before answering the accept it got first, then answers both in order', scenario: 'tc2', log: log(PRINTS_ON_ARRIVAL_TC2) },
    ],
    invalid: [
      { name: 'peer4 accepts 101 after promising 105', scenario: 'tc2', log: log(BELOW_PROMISE_TC2) },
      { name: 'peer4 prints both requests, then promises 105 and still accepts 101 (its replies are its order)', scenario: 'tc2', log: log(PROMISE_THEN_ACCEPT_TC2) },
    ],
  },
};

export default rule;
