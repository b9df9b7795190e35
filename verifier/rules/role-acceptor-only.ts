import { msgOf } from './format.js';
import { ROGUE_ACCEPTOR_ROUND, TC1_RUN, TC2_RUN, log } from './examples.js';
import type { Facts } from '../transcript/model.js';
import type { RunEvent } from '../types.js';
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'role/acceptor-only',
    category: 'role',
    severity: 'error',
    docs:
      'An acceptor answers only the proposers it serves: peer A answers proposer K\'s prepare or accept only when the hostsfile gives A the role ' +
      'acceptorK. A peer that answers anyone (a proposer with no acceptor role, an acceptor of another proposer, or any peer answering a peer that ' +
      'is not a proposer at all) lets requests nobody configured reach a majority. Reported once per replying peer and requester.',
    messages: {
      stranger: 'peer{peer} answered peer{requester}\'s {request} with {message}, but it is not one of peer{requester}\'s acceptors ({members})',
      noProposer: 'peer{peer} answered peer{requester}\'s {request} with {message}, but peer{requester} has no proposer role in the hostsfile',
    },
    hint: 'On a prepare or accept, check that the sender is a proposer whose acceptorK role you hold; otherwise ignore it (print the received line, send nothing).',
  },
  create(context) {
    const check = (event: RunEvent, facts: Facts): void => {
      const request = facts.answers;
      if (!request) return;
      const members = context.topology.acceptorsOf(request.sender);
      if (members.includes(event.printer)) return;
      context.report({
        messageId: context.topology.isProposer(request.sender) ? 'stranger' : 'noProposer',
        data: {
          peer: event.printer, requester: request.sender, request: `${request.type}(${context.formatN(request.n)})`,
          message: msgOf(event, context.formatN), members: members.map((id) => `peer${id}`).join(', '),
        },
        event,
        expected: `replies from peer${request.sender}'s acceptors only`,
        seen: `a reply from peer${event.printer}`,
        mergeKey: `${event.printer}:${request.sender}`,
      });
    };
    return { on: { 'sent:prepare_ack': check, 'sent:accept_ack': check } };
  },
  examples: {
    valid: [{ name: 'acceptors 2, 3, 4 answer peer1 and peer5', scenario: 'tc2', log: log(TC2_RUN) }],
    invalid: [
      { name: 'peers 2 and 4 answer acceptor peer3', scenario: 'tc2', log: log([...TC2_RUN, ...ROGUE_ACCEPTOR_ROUND]) },
      { name: 'learner peer5 answers peer1 in testcase 1', log: log(TC1_RUN.map((s) => s.replace(/^4 /, '5 ').replace(/ from 4$/, ' from 5'))) },
    ],
  },
};

export default rule;
