import { TC1_RUN, TC2_RUN, at, log } from './examples.js';
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'run/termination',
    category: 'termination',
    severity: 'error',
    docs:
      'The run must reach a decision: some proposer prints chose. A proposer that started (sent a prepare) must also end by printing chose, its own ' +
      'value or the one it adopted; a proposer that stops after its prepare_acks, or gives up after a rejection, leaves the testcase unfinished. ' +
      'When the proposer printed lines that could not be read, the missing chose may be one of them: the finding is then a note.',
    messages: {
      none: 'no value was chosen: no proposer sent a prepare or printed chose',
      unfinished: 'peer{proposer} started a proposal (prepare {n}) but never printed chose',
      noneUnreadable: 'no readable prepare from any proposer; a proposer printed unreadable lines, which may hold them',
      unfinishedUnreadable: 'peer{proposer} started a proposal (prepare {n}) and no readable chose line follows; it printed {unreadable} unreadable line(s), which may hold it',
    },
    hint: 'After a majority of prepare_acks send accept; after a majority of accepting accept_acks print chose; on a rejection retry with a higher number.',
  },
  create(context) {
    return {
      end() {
        const proposers = [...context.model.proposers.entries()];
        // A chose line that could not be read may be the missing one: then this is a note.
        const unreadable = (id: number): number => context.model.unreadable.get(id) ?? 0;
        if (!proposers.some(([, p]) => p.first || p.chose)) {
          const excuse = context.topology.proposers().some((id) => unreadable(id) > 0);
          context.report({ messageId: excuse ? 'noneUnreadable' : 'none', severity: excuse ? 'info' : 'error', expected: 'a proposer preparing, then printing chose', seen: 'no prepare at all' });
        }
        for (const [id, p] of proposers) {
          if (p.chose || !p.first) continue;
          context.report({
            messageId: unreadable(id) > 0 ? 'unfinishedUnreadable' : 'unfinished',
            severity: unreadable(id) > 0 ? 'info' : 'error',
            data: { proposer: id, n: context.formatN(p.first.n), unreadable: unreadable(id) },
            at: p.first.at,
            peer: id,
            expected: `a chose line from peer${id}`,
            seen: 'none',
          });
        }
      },
    };
  },
  examples: {
    valid: [
      { name: 'peer1 chooses', log: log(TC1_RUN) },
      { name: 'both proposers choose', scenario: 'tc2', log: log(TC2_RUN) },
    ],
    invalid: [
      { name: 'stops after the prepare_acks', log: log(TC1_RUN.slice(0, at(TC1_RUN, '1 received prepare_ack - 0 from 3') + 1)) },
      { name: 'peer5 never chooses', scenario: 'tc2', log: log(TC2_RUN.filter((s) => s !== '5 chose X 105')) },
    ],
  },
};

export default rule;
