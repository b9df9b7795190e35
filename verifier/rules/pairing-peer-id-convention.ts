import { TC1_RUN, log } from './examples.js';
import type { Rule } from './types.js';

/** tc1 with every received line carrying the printer's own id. */
export const PRINTER_ID_TC1 = TC1_RUN.map((spec) => spec.replace(/^(\d+) received (.*) from \d+$/, '$1 received $2 from $1'));

const rule: Rule = {
  meta: {
    id: 'pairing/peer-id-convention',
    category: 'peer-id-convention',
    severity: 'error',
    docs:
      'The handout writes peer_id as <SENDER_ID>: on a received line it is the peer that sent the message. A common reading prints the receiving ' +
      '(printing) peer\'s own id instead. The verifier detects the convention once per run from the received lines; when it is the printer\'s id it ' +
      'works out each sender from the matching sent line, so the rest of the run is still checked, and reports the convention once: an error under ' +
      'the strict profile, a warning under lenient.',
    messages: { printer: 'received lines carry the printing peer\'s own id ({matches} of {sample} sampled received lines), not the sender\'s' },
    hint: 'On a received line, peer_id is the id of the peer that SENT the message (the handout\'s <SENDER_ID>); --profile lenient accepts the printer\'s own id with a warning.',
  },
  create(context) {
    return {
      end() {
        const convention = context.model.convention;
        if (convention.kind !== 'printer') return;
        context.report({
          messageId: 'printer',
          severity: context.profile === 'lenient' ? 'warning' : 'error',
          data: { matches: convention.matches, sample: convention.sample },
          at: convention.first,
          peer: convention.firstPeer,
          expected: 'peer_id = the sender on received lines',
          seen: 'peer_id = the printing peer',
        });
      },
    };
  },
  examples: {
    valid: [{ name: 'sender ids', log: log(TC1_RUN) }],
    invalid: [
      { name: 'printer ids (strict)', log: log(PRINTER_ID_TC1) },
      { name: 'printer ids (lenient)', profile: 'lenient', log: log(PRINTER_ID_TC1) },
    ],
  },
};

export default rule;
