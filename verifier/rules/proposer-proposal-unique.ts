import { TC2_RUN, log } from './examples.js';
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'proposer/proposal-unique',
    category: 'proposal-unique',
    severity: 'error',
    docs:
      'Slide 45 step 1: each round uses a new proposal number, unique across proposers and higher than the proposer\'s previous one (the reference ' +
      'encoding round*100 + peer id gives both). Two proposers with the same number, or a proposer reusing or lowering its number, let acceptors ' +
      'confuse two proposals.',
    messages: {
      collision: 'peer{proposer} prepares proposal {n}, which peer{owner} already used ({where})',
      reused: 'peer{proposer} starts another round with proposal {n}, which it already used',
      lower: 'peer{proposer} prepares proposal {n}, lower than its previous {previous}',
    },
    hint: 'Number proposals round*100 + your peer id, and increase the round on every retry.',
  },
  create(context) {
    return {
      on: {
        'sent:prepare'(event, facts) {
          const data = { proposer: event.printer, n: context.formatN(event.n), owner: null as number | null, where: null as string | null, previous: null as string | null };
          const mergeKey = `${event.printer}:${event.n}`;
          if (facts.collision) {
            data.owner = facts.collision.proposer;
            data.where = `${facts.collision.at.file}:${facts.collision.at.line}`;
            context.report({ messageId: 'collision', data, event, expected: 'a number no other proposer uses', seen: `${data.n}, also peer${data.owner}'s`, mergeKey });
          } else if (facts.reused) {
            context.report({ messageId: 'reused', data, event, expected: 'a new, higher number per round', seen: data.n, mergeKey });
          } else if (facts.newRound && facts.previousRound && event.n < facts.previousRound.n) {
            data.previous = context.formatN(facts.previousRound.n);
            context.report({ messageId: 'lower', data, event, expected: `more than ${data.previous}`, seen: data.n, mergeKey });
          }
        },
      },
    };
  },
  examples: {
    valid: [{ name: '101 and 105', scenario: 'tc2', log: log(TC2_RUN) }],
    invalid: [
      { name: 'both proposers use 101', scenario: 'tc2', log: log(TC2_RUN.map((s) => s.replace(/ 105( from \d)?$/, ' 101$1'))) },
      { name: 'a round repeated with the same number', log: log(['1 sent prepare X 101', '1 sent accept X 101', '1 sent prepare X 101']) },
      { name: 'a lower number on retry', log: log(['1 sent prepare X 201', '1 sent prepare X 101']) },
    ],
  },
};

export default rule;
