import { TC1_RUN, TC2_RUN, log } from './examples.js';
import type { RequestRecord } from '../transcript/model.js';
import type { RunEvent } from '../types.js';
import type { Rule } from './types.js';

/** tc2 where peer3 gets peer5's prepare before peer1's accept, and rightly rejects peer1. */
const EARLY_AT_PEER3: Record<string, string[]> = {
  '3 received accept X 101 from 1': [],
  '3 sent accept_ack X 101': [],
  '1 received accept_ack X 101 from 3': [],
  '3 received prepare Y 105 from 5': ['3 received prepare Y 105 from 5'],
  '3 sent prepare_ack X 101': ['3 sent prepare_ack - 0', '3 received accept X 101 from 1', '3 sent accept_ack - 105', '1 received accept_ack - 105 from 3'],
  '5 received prepare_ack X 101 from 3': ['5 received prepare_ack - 0 from 3'],
  '1 chose X 101': [],
  '1 received accept_ack X 101 from 4': ['1 received accept_ack X 101 from 4', '1 chose X 101'],
};
export const WRONG_ORDER_TC2 = TC2_RUN.flatMap((s) => EARLY_AT_PEER3[s] ?? [s]);

const rule: Rule = {
  meta: {
    id: 'scenario/tc2-order',
    category: 'tc2-order',
    severity: 'error',
    docs:
      'Testcase 2 expectation (handout, slide 46): peer5 starts its proposal after peer3 accepted peer1\'s proposal. In peer3\'s own order, it must ' +
      'have accepted an accept from peer1 (sent its accept_ack) before it answered peer5\'s first prepare (before it received it, if it never ' +
      'answered): an acceptor handles its requests in the order of its replies. If peer5\'s prepare comes first, the run may be perfectly safe ' +
      '(peer3 then rightly rejects peer1\'s accept) but it is not the testcase: the situation of slide 46 was not produced. Raise peer5\'s -t delay.',
    messages: {
      early: 'peer{pivot} handled peer{second}\'s prepare({n}) before accepting peer{first}\'s proposal, so the slide-46 situation of testcase 2 was not produced',
      missing: 'peer{second} never sent a prepare, so the second proposal of testcase 2 never happened',
      unreached: 'peer{pivot} never received peer{second}\'s prepare',
    },
    hint: 'Start the second proposer later (-t delay) so that peer3 has accepted peer1\'s proposal first; from testcase 1 you know how long that takes.',
  },
  create(context) {
    const { pivotAcceptor: pivot = 3, firstProposer: first = 1, secondProposer: second = 5 } = context.scenario.params;
    // The pivot's first receive of the second proposer's prepare; judged at the end, once its reply (if any) is known.
    let seen: { event: RunEvent; request: RequestRecord } | null = null;
    return {
      on: {
        'received:prepare'(event, facts) {
          if (seen || event.printer !== pivot || event.sender !== second || !facts.request) return;
          seen = { event, request: facts.request };
        },
      },
      end() {
        if (seen) {
          const { event, request } = seen;
          const { acceptedFrom } = request.reply?.before ?? request.atReceipt;
          if (acceptedFrom === first) return;
          context.report({
            messageId: 'early',
            data: { pivot, second, first, n: context.formatN(event.n) },
            event,
            expected: `peer${pivot} accepts peer${first}'s proposal first`,
            seen: acceptedFrom === null ? `peer${pivot} had accepted nothing` : `peer${pivot} had accepted peer${acceptedFrom}'s proposal`,
          });
          return;
        }
        const started = context.model.proposers.get(second)?.first;
        context.report({
          messageId: started ? 'unreached' : 'missing',
          data: { pivot, second },
          at: started?.at ?? null,
          peer: started ? second : null,
          expected: `peer${second} prepares and peer${pivot} receives it`,
          seen: started ? `peer${pivot} never received it` : `no prepare from peer${second}`,
        });
      },
    };
  },
  examples: {
    valid: [{ name: 'peer3 accepted 101 first', scenario: 'tc2', log: log(TC2_RUN) }],
    invalid: [
      { name: 'peer5\'s prepare reaches peer3 first', scenario: 'tc2', log: log(WRONG_ORDER_TC2) },
      { name: 'peer5 never proposes', scenario: 'tc2', log: log(TC1_RUN) },
    ],
  },
};

export default rule;
