import { showV } from './format.js';
import { ROGUE_ACCEPTOR_ROUND, TC2_RUN, log } from './examples.js';
import type { ChoiceRecord } from '../transcript/model.js';
import type { Rule } from './types.js';

const peers = (ids: readonly number[]): string => ids.map((id) => `peer${id}`).join(', ');

const rule: Rule = {
  meta: {
    id: 'run/agreement',
    category: 'agreement',
    severity: 'error',
    docs:
      'Paxos safety: at most one value is chosen. Two chose lines with different values, or two different values each accepted by a majority of ' +
      'one acceptor set of the hostsfile (a value is chosen the moment a majority accepts the same (n, value), printed or not, whoever sent the ' +
      'accept, even a peer with no proposer role), are a safety violation. Its severity is always error, whatever the profile: such a run never passes.',
    messages: {
      two: 'two different values were chosen: {first} ({firstWhere}) and {second} ({secondWhere})',
    },
    hint: 'Look at the proposer that chose second: its prepare_acks must have reported the first value, and it had to adopt it (slide 46).',
  },
  create(context) {
    return {
      end() {
        const values = new Map<string | null, { record: ChoiceRecord; how: string }>();
        for (const record of context.model.chosen.values()) values.set(record.value, { record, how: `chose printed by peer${record.peer}` });
        for (const record of context.model.majorityAccepted.values()) {
          if (values.has(record.value)) continue;
          const how = `accepted at ${context.formatN(record.n)} by ${peers(record.acceptors)}, a majority of acceptors ${peers(record.acceptorSet)} (accept sent by peer${record.peer})`;
          values.set(record.value, { record, how });
        }
        if (values.size < 2) return;
        const [first, second] = [...values.values()].sort((a, b) => a.record.at.line - b.record.at.line);
        if (!first || !second) return;
        context.report({
          messageId: 'two',
          severity: 'error',
          data: {
            first: showV(first.record.value), firstWhere: `${first.how} at ${first.record.at.file}:${first.record.at.line}`,
            second: showV(second.record.value), secondWhere: `${second.how} at ${second.record.at.file}:${second.record.at.line}`,
          },
          at: second.record.at,
          peer: second.record.peer,
          expected: `only ${showV(first.record.value)}`,
          seen: [...values.keys()].map(showV).join(' and '),
        });
      },
    };
  },
  examples: {
    valid: [{ name: 'everyone chooses X', scenario: 'tc2', log: log(TC2_RUN) }],
    invalid: [
      {
        name: 'peer5 chooses Y',
        scenario: 'tc2',
        log: log(TC2_RUN.map((s) => (/^(\d) (sent|received) (accept|accept_ack) X 105/.test(s) || s === '5 chose X 105' ? s.replace(' X 105', ' Y 105') : s))),
      },
      {
        name: 'a majority accepts Y, nobody prints chose',
        scenario: 'tc2',
        log: log(TC2_RUN.filter((s) => !s.includes('chose')).map((s) => (/^(\d) (sent|received) (accept|accept_ack) X 105/.test(s) ? s.replace(' X 105', ' Y 105') : s))),
      },
      { name: 'acceptor peer3, with no proposer role, gets Y accepted by a majority', scenario: 'tc2', log: log([...TC2_RUN, ...ROGUE_ACCEPTOR_ROUND]) },
      {
        name: 'peer1 and peer5 both use 101: X accepted by peers 2 and 3, Y by peers 3 and 4',
        scenario: 'tc2',
        log: log([
          '1 sent prepare X 101', '1 sent prepare X 101', '5 sent prepare Y 101', '5 sent prepare Y 101',
          '2 received prepare X 101 from 1', '2 sent prepare_ack - 0', '3 received prepare X 101 from 1', '3 sent prepare_ack - 0',
          '3 received prepare Y 101 from 5', '3 sent prepare_ack - 0', '4 received prepare Y 101 from 5', '4 sent prepare_ack - 0',
          '1 received prepare_ack - 0 from 2', '1 received prepare_ack - 0 from 3', '5 received prepare_ack - 0 from 3', '5 received prepare_ack - 0 from 4',
          '1 sent accept X 101', '1 sent accept X 101', '5 sent accept Y 101', '5 sent accept Y 101',
          '2 received accept X 101 from 1', '2 sent accept_ack X 101', '3 received accept X 101 from 1', '3 sent accept_ack X 101',
          '3 received accept Y 101 from 5', '3 sent accept_ack Y 101', '4 received accept Y 101 from 5', '4 sent accept_ack Y 101',
        ]),
      },
    ],
  },
};

export default rule;
