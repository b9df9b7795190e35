import { TC1_RUN, log, replaced } from './examples.js';
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'pairing/sent-by-printer',
    category: 'peer-id-convention',
    severity: 'error',
    docs:
      'On a sent line peer_id is the sender, which is the peer printing it; on a chose line it is the peer that chose, again the printer. ' +
      'A sent or chose line carrying another peer\'s id contradicts the Compose prefix (or the file name) it was printed under.',
    messages: { other: '{peer} printed a {action} line with peer_id {peerId}; on a {action} line peer_id is the printing peer, {printer}' },
    hint: 'Use your own id (your line in the hostsfile) as peer_id on the lines you send and on chose.',
  },
  create(context) {
    return {
      on: {
        event(event) {
          if (event.action === 'received' || event.peerId === event.printer || event.printer <= 0) return;
          context.report({
            messageId: 'other',
            data: { peer: `peer${event.printer}`, action: event.action, peerId: event.peerId, printer: event.printer },
            event,
            expected: `"peer_id":${event.printer}`,
            seen: `"peer_id":${event.peerId}`,
            mergeKey: `${event.printer}:${event.action}`,
          });
        },
      },
    };
  },
  examples: {
    valid: [{ name: 'own id on sent lines', log: log(TC1_RUN) }],
    invalid: [{ name: 'an acceptor signs its reply with the proposer\'s id', log: log(replaced(TC1_RUN, 4, 'peer2  | {"peer_id":1,"action":"sent","message_type":"prepare_ack","message_value":null,"proposal_num":0}')) }],
  },
};

export default rule;
