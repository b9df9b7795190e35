import { TC1_RUN, at, log, replaced } from './examples.js';
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'proposer/quorum-prepare',
    category: 'quorum-prepare',
    severity: 'error',
    docs:
      'Slide 45 step 4-5: a proposer sends Accept(n, value) only after prepare_acks for n from a majority of its acceptors (the peers holding acceptorK ' +
      'for its proposerK in the hostsfile; for a peer with no proposer role, the peers it sent prepare to). Each prepare_ack is counted for the ' +
      'round it answers, found through the acceptor\'s own lines. Reported once per round, at its first accept.',
    messages: {
      few: 'peer{proposer} sent accept({n}, {value}) after {count} prepare_ack(s) for {n} from its {members} acceptors; a majority of {members} is {quorum}',
      fewNoRole: 'peer{proposer} sent accept({n}, {value}) after {count} prepare_ack(s) for {n} from the {members} peers it sent prepare to; a majority of {members} is {quorum}',
      unprepared: 'peer{proposer} sent accept({n}, {value}) but never sent prepare({n})',
    },
    hint: 'Count the prepare_acks of the current round and send accept only once the count reaches floor(N/2)+1, N = number of your acceptors.',
  },
  create(context) {
    return {
      on: {
        'sent:accept'(event, facts) {
          const round = facts.round;
          const data = { proposer: event.printer, n: context.formatN(event.n), value: event.value ?? 'null' };
          if (!round) {
            context.report({ messageId: 'unprepared', data, event, expected: `prepare(${data.n}) first`, seen: 'no prepare', mergeKey: `${event.printer}:${event.n}` });
            return;
          }
          const prepared = round.prepared;
          if (!facts.firstAccept || !prepared?.quorum) return;
          const { quorum, votes, maybeVotes } = prepared;
          if (votes >= quorum.quorum) return;
          const report = (): void => context.report({
            messageId: quorum.members ? 'few' : 'fewNoRole',
            data: { ...data, count: votes, members: quorum.size, quorum: quorum.quorum },
            event,
            expected: `${quorum.quorum} prepare_acks before accept`,
            seen: `${votes}`,
          });
          // Replies that answered this round only if an identical earlier copy was lost: known at the end of the run.
          if (votes + maybeVotes.length < quorum.quorum) report();
          else context.model.whenSettled(maybeVotes, () => {
            if (votes + maybeVotes.filter((watch) => watch.possible).length < quorum.quorum) report();
          });
        },
      },
    };
  },
  examples: {
    valid: [{ name: 'accept after 2 of 3', log: log(TC1_RUN) }],
    invalid: [
      {
        name: 'accept after 1 of 3',
        log: log(replaced(TC1_RUN, at(TC1_RUN, '1 received prepare_ack - 0 from 3'))
          .flatMap((s) => (s === '1 received prepare_ack - 0 from 4' ? [s, '1 received prepare_ack - 0 from 3'] : [s]))),
      },
      { name: 'accept without prepare', log: log(['1 sent accept X 101']) },
    ],
  },
};

export default rule;
