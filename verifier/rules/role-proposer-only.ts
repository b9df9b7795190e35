import { msgOf } from './format.js';
import { ROGUE_ACCEPTOR_ROUND, TC2_RUN, log } from './examples.js';
import type { RunEvent } from '../types.js';
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'role/proposer-only',
    category: 'role',
    severity: 'error',
    docs:
      'Only a peer with a proposerK role in the hostsfile sends prepare and accept. An acceptor or learner that starts a round of its own is a ' +
      'proposer nobody configured: its accepts can get a second value chosen (run/agreement), and it is judged by the proposer rules all the same, ' +
      'its majority taken over the peers it sent requests to. An error under every profile.',
    messages: { request: 'peer{peer} sent {message} but has no proposer role in the hostsfile ({roles})' },
    hint: 'Read your roles from the hostsfile: start a proposal only as proposerK; an acceptor only answers the requests it receives.',
  },
  create(context) {
    const check = (event: RunEvent): void => {
      if (context.topology.isProposer(event.printer)) return;
      const roles = context.topology.peers.find((p) => p.id === event.printer)?.roles.join(', ') || 'not in the hostsfile';
      context.report({
        messageId: 'request',
        data: { peer: event.printer, message: msgOf(event, context.formatN), roles },
        event,
        expected: 'prepare and accept sent by proposers only',
        seen: `${event.type} sent by peer${event.printer}`,
        mergeKey: `${event.printer}:${event.type}`,
      });
    };
    return { on: { 'sent:prepare': check, 'sent:accept': check } };
  },
  examples: {
    valid: [{ name: 'only peer1 and peer5 send requests', scenario: 'tc2', log: log(TC2_RUN) }],
    invalid: [{ name: 'acceptor peer3 runs a round of its own', scenario: 'tc2', log: log([...TC2_RUN, ...ROGUE_ACCEPTOR_ROUND]) }],
  },
};

export default rule;
