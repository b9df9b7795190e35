import { ROGUE_ACCEPTOR_ROUND, TC1_RUN, TC2_RUN, at, log, replaced } from './examples.js';
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'proposer/quorum-accept',
    category: 'quorum-accept',
    severity: 'error',
    docs:
      'Slide 45 step 7: a proposer knows its value is chosen only after accept_acks for n from a majority of its acceptors that do not reject ' +
      '(result <= n). Printing chose before that, or for a value or number it did not send in accept, announces a decision that was never made. ' +
      'A peer with no proposer role that sent accept is held to the same, its majority taken over the peers it sent accept to.',
    messages: {
      few: 'peer{proposer} printed chose({n}, {value}) after {count} accepting accept_ack(s) from its {members} acceptors; a majority of {members} is {quorum}',
      fewNoRole: 'peer{proposer} printed chose({n}, {value}) after {count} accepting accept_ack(s) from the {members} peers it sent accept to; a majority of {members} is {quorum}',
      unsent: 'peer{proposer} printed chose({n}, {value}) but never sent accept({n})',
      value: 'peer{proposer} printed chose({n}, {value}) but its accept({n}) carried {sent}',
    },
    hint: 'Print chose only once accept_acks for n that do not reject it (the acceptor\'s result, printed as proposal_num, is not above n) arrived from floor(N/2)+1 of your acceptors, with the value you sent in accept.',
  },
  create(context) {
    return {
      on: {
        'chose:chose'(event, facts) {
          const round = facts.round;
          // A peer with no proposer role is judged as a proposer once it sent accept; its chose without one is proposer/chose-by-acceptor.
          if (!context.topology.isProposer(event.printer) && !(round && round.accepts > 0)) return;
          const data = { proposer: event.printer, n: context.formatN(event.n), value: event.value ?? 'null' };
          if (!round || round.accepts === 0) {
            context.report({ messageId: 'unsent', data, event, expected: `accept(${data.n}) sent first`, seen: 'no accept' });
            return;
          }
          if (round.acceptValue !== event.value) {
            context.report({ messageId: 'value', data: { ...data, sent: round.acceptValue ?? 'null' }, event, expected: `value ${round.acceptValue ?? 'null'}`, seen: `value ${data.value}` });
          }
          const quorum = context.model.quorumFor(event.printer, round.accepts);
          if (quorum === null) return;
          const members = quorum.members;
          const count = members ? [...round.okAcks].filter((a) => members.includes(a)).length : round.okAcks.size;
          if (count >= quorum.quorum) return;
          context.report({
            messageId: members ? 'few' : 'fewNoRole',
            data: { ...data, count, members: quorum.size, quorum: quorum.quorum },
            event,
            expected: `${quorum.quorum} accepting accept_acks`,
            seen: `${count}`,
          });
        },
      },
    };
  },
  examples: {
    valid: [
      { name: 'chose after 2 of 3', log: log(TC1_RUN) },
      { name: 'an acceptor printing chose without sending accept is left to proposer/chose-by-acceptor', log: log([...TC1_RUN, '2 chose X 101']) },
    ],
    invalid: [
      {
        name: 'chose after 1 of 3',
        log: log(replaced(TC1_RUN, at(TC1_RUN, '1 received accept_ack X 101 from 3'))
          .flatMap((s) => (s === '1 chose X 101' ? [s, '1 received accept_ack X 101 from 3'] : [s]))),
      },
      { name: 'chose a value it did not send', log: log(replaced(TC1_RUN, at(TC1_RUN, '1 chose X 101'), '1 chose Y 101')) },
      { name: 'acceptor peer3 sent accept(203, Y) and prints chose X', scenario: 'tc2', log: log([...TC2_RUN, ...ROGUE_ACCEPTOR_ROUND, '3 chose X 203']) },
    ],
  },
};

export default rule;
