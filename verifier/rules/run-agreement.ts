import { showV } from './format.js';
import { TC2_RUN, log } from './examples.js';
import type { ChoiceRecord } from '../transcript/model.js';
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'run/agreement',
    category: 'agreement',
    severity: 'error',
    docs:
      'Paxos safety: at most one value is chosen. Two chose lines with different values, or two different values each accepted by a majority of ' +
      'some proposer\'s acceptors (a value is chosen the moment a majority accepts it, printed or not), are a safety violation. Its severity is ' +
      'always error, whatever the profile: such a run never passes.',
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
          if (!values.has(record.value)) values.set(record.value, { record, how: `accepted by a majority of peer${record.peer}'s acceptors` });
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
    ],
  },
};

export default rule;
