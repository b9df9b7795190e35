import { majority } from '../../peer/core/quorum.js';
import { TC2_RUN, log } from './examples.js';
import type { RequestRecord } from '../transcript/model.js';
import type { Rule } from './types.js';

/** How far the first proposal had got when the second proposer's prepare arrived (slide 46's three cases). */
export type PriorAcceptance = 'majority' | 'minority' | 'none';

const WANTED: Record<PriorAcceptance, string> = {
  majority: 'a majority of acceptors had accepted it (the value was already chosen: case 1)',
  minority: 'at least one acceptor, but no majority, had accepted it (not chosen, but visible: case 2)',
  none: 'no acceptor had accepted it (not chosen and not seen: case 3)',
};

/**
 * Scenario expectation, one of slide 46's cases: counts the acceptors that,
 * in their own order, had accepted the first proposer's proposal when they
 * answered the second proposer's first prepare (when it reached them, if
 * they never answered it).
 */
export function priorAcceptance(expect: PriorAcceptance): Rule {
  return {
    meta: {
      id: 'scenario/prior-acceptance',
      category: 'tc2-order',
      severity: 'error',
      docs:
        "Slide 46 scenario expectation: when each acceptor answers the second proposer's first prepare (its replies are its processing order), " +
        "how many had already accepted the first proposer's proposal decides which of the lecture's three cases the run shows: a majority (case 1, the value is chosen), some but not a " +
        'majority (case 2, not chosen but seen), or none (case 3, not seen). Safe runs can show any of the three; this checks the scenario produced its own.',
      messages: {
        count: '{accepted} of the {members} acceptors had accepted peer{first}\'s proposal when they answered peer{second}\'s prepare; the scenario expects that {wanted}',
        missing: 'peer{second} never sent a prepare that reached an acceptor, so the second proposal of the scenario never happened',
      },
      hint: 'Change the timing (delays, -t) so that the second proposer prepares at the point the scenario describes.',
    },
    create(context) {
      const { firstProposer: first = 1, secondProposer: second = 5 } = context.scenario.params;
      const reached = new Map<number, RequestRecord>();
      return {
        on: {
          'received:prepare'(event, facts) {
            if (event.sender !== second || !facts.request || reached.has(event.printer)) return;
            reached.set(event.printer, facts.request);
          },
        },
        end() {
          if (reached.size === 0) {
            context.report({ messageId: 'missing', data: { second }, expected: `a prepare from peer${second}`, seen: 'none' });
            return;
          }
          const members = context.topology.acceptorsOf(second).length;
          const accepted = [...reached.values()].filter((r) => (r.reply?.before ?? r.atReceipt).acceptedFrom === first).length;
          const quorum = majority(Math.max(1, members));
          const ok = expect === 'majority' ? accepted >= quorum : expect === 'minority' ? accepted >= 1 && accepted < quorum : accepted === 0;
          if (ok) return;
          context.report({
            messageId: 'count',
            data: { accepted, members, first, second, wanted: WANTED[expect] },
            expected: WANTED[expect],
            seen: `${accepted} of ${members} had accepted it`,
          });
        },
      };
    },
    examples: {
      valid: expect === 'majority' ? [{ name: 'X accepted by all before peer5 prepares', scenario: 'tc2', log: log(TC2_RUN) }] : [],
      invalid: expect === 'majority' ? [] : [{ name: 'X accepted by all before peer5 prepares', scenario: 'tc2', log: log(TC2_RUN) }],
    },
  };
}
