import { ROGUE_ACCEPTOR_ROUND, TC2_RUN, log } from './examples.js';
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'proposer/adopt-value',
    category: 'adopt-value',
    severity: 'error',
    docs:
      'Slide 45 step 4: if any prepare_ack returned an accepted value, the proposer replaces its value with the acceptedValue of the highest ' +
      'acceptedProposal among the replies it had when it sent accept; otherwise it keeps its own. This is what keeps a chosen value chosen (slide 46). ' +
      'Identical replies from one acceptor are paired oldest first, as one TCP connection delivers them; when such a copy was never received ' +
      '(lost in a crash or a broken link), the one that arrived may answer the later round, and its value is then accepted, not required.',
    messages: {
      adopt: 'peer{proposer} sent accept({n}, {seen}) but peer{acceptor} reported accepted proposal ({reportedN}, {expected}), the highest among its prepare_acks, so the value must be {expected}',
      own: 'peer{proposer} sent accept({n}, {seen}); no prepare_ack reported an accepted value, so it must carry its own value {expected}',
    },
    hint: 'Before sending accept, look at every prepare_ack of the round: take the value of the one with the highest acceptedProposal, if any.',
  },
  create(context) {
    return {
      on: {
        'sent:accept'(event, facts) {
          const round = facts.round;
          if (!round || event.value === round.expectedValue) return;
          const adopted = round.adoptedFrom;
          const report = (): void => context.report({
            messageId: adopted ? 'adopt' : 'own',
            data: {
              proposer: event.printer, n: context.formatN(event.n), seen: event.value ?? 'null', expected: round.expectedValue ?? 'null',
              acceptor: adopted?.acceptor ?? null, reportedN: adopted ? context.formatN(adopted.n) : null,
            },
            event,
            expected: `value ${round.expectedValue ?? 'null'}`,
            seen: `value ${event.value ?? 'null'}`,
            mergeKey: `${event.printer}:${event.n}`,
          });
          // A reply that answered this round only if an identical earlier copy was lost may justify the value: known at the end of the run.
          const excuses = (round.prepared?.alternatives ?? []).filter((a) => a.value === event.value).map((a) => a.watch);
          if (excuses.length === 0) report();
          else context.model.whenSettled(excuses, () => {
            if (!excuses.some((watch) => watch.possible)) report();
          });
        },
      },
    };
  },
  examples: {
    valid: [{ name: 'peer5 adopts X', scenario: 'tc2', log: log(TC2_RUN) }],
    invalid: [
      {
        name: 'peer5 keeps Y',
        scenario: 'tc2',
        log: log(TC2_RUN.map((s) => (/^(\d) (sent|received) (accept|accept_ack) X 105/.test(s) || s === '5 chose X 105' ? s.replace(' X 105', ' Y 105') : s))),
      },
      { name: 'acceptor peer3 runs a round of its own and ignores the X reported to it', scenario: 'tc2', log: log([...TC2_RUN, ...ROGUE_ACCEPTOR_ROUND]) },
    ],
  },
};

export default rule;
