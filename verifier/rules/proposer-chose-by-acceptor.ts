import { TC1_RUN, at, log } from './examples.js';
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'proposer/chose-by-acceptor',
    category: 'chose-by-acceptor',
    severity: 'warning',
    docs:
      'Only a peer that knows a value is chosen prints chose: a proposer, after a majority of accept_acks. Acceptors that print chose when they ' +
      'accept are a common reading of "all peers should print the chosen value"; since the handout is ambiguous this is a warning, once per peer, ' +
      'not a failure. (An acceptor cannot know its acceptance made a majority.)',
    messages: { acceptor: 'peer{peer} printed chose({n}, {value}) but it is an acceptor, not a proposer: it cannot know that a majority accepted' },
    hint: 'Leave chose to the proposer; an acceptor prints only the messages it receives and sends.',
  },
  create(context) {
    return {
      on: {
        'chose:chose'(event) {
          const peer = event.printer;
          if (context.topology.isProposer(peer) || !context.topology.isAcceptor(peer)) return;
          context.report({
            messageId: 'acceptor',
            data: { peer, n: context.formatN(event.n), value: event.value ?? 'null' },
            event,
            expected: 'chose printed by proposers only',
            seen: `chose printed by acceptor peer${peer}`,
            mergeKey: String(peer),
          });
        },
      },
    };
  },
  examples: {
    valid: [{ name: 'only the proposer chooses', log: log(TC1_RUN) }],
    invalid: [{ name: 'acceptors print chose', log: log([...TC1_RUN.slice(0, at(TC1_RUN, '2 sent accept_ack X 101') + 1), '2 chose X 101', ...TC1_RUN.slice(at(TC1_RUN, '2 sent accept_ack X 101') + 1)]) }],
  },
};

export default rule;
