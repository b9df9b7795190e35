import { TC1_RUN, log } from './examples.js';
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'scenario/silent-peers',
    category: 'noise',
    severity: 'error',
    docs:
      'Testcase expectation (handout, testcase 1): peers that are not involved in the protocol print nothing. A peer with neither a proposer nor an ' +
      'acceptor role in the hostsfile (peer5, learner1, in testcase 1) takes no part in the run, so any line it prints, even chose, is reported.',
    messages: { printed: 'peer{peer} has no proposer or acceptor role in the hostsfile ({roles}) but printed {lines} line(s)' },
    hint: 'A peer outside the protocol stays silent: read your roles from the hostsfile and print nothing when you have none of these.',
  },
  create(context) {
    return {
      end() {
        for (const [peer, printed] of context.printed) {
          if (peer <= 0 || context.topology.isParticipant(peer)) continue;
          const roles = context.topology.peers.find((p) => p.id === peer)?.roles.join(', ') || 'not in the hostsfile';
          context.report({
            messageId: 'printed',
            data: { peer, roles, lines: printed.lines },
            at: printed.first,
            peer,
            expected: 'no output',
            seen: `${printed.lines} line(s)`,
          });
        }
      },
    };
  },
  examples: {
    valid: [{ name: 'peer5 silent in testcase 1', log: log(TC1_RUN) }],
    invalid: [{ name: 'peer5 prints chose in testcase 1', scenario: 'tc1', log: log([...TC1_RUN, '5 chose X 101']) }],
  },
};

export default rule;
