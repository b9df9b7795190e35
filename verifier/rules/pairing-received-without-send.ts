import { msgOf } from './format.js';
import { TC1_RUN, at, log, replaced } from './examples.js';
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'pairing/received-without-send',
    category: 'pairing',
    severity: 'error',
    docs:
      'Every received line must match a sent line of its sender: same message type, value and proposal number (peer_id on a received line names the sender). ' +
      'Sends are matched to receives by counting, since a sent line does not name its destination, and only each peer\'s own order is trusted. ' +
      'When the sender printed lines that could not be read, the missing send may be one of them: the finding is then a note, not an error, and the receive still counts.',
    messages: {
      orphan: '{peer} printed that it received {message} from peer{sender}, but peer{sender} never printed sending it',
      excused: '{peer} printed that it received {message} from peer{sender}; no readable send matches, but peer{sender} printed {unreadable} unreadable line(s), which may hold it',
    },
    hint: 'Print "received" with the message exactly as it arrived (peer_id = the sender), and print every message you send.',
  },
  create(context) {
    return {
      on: {
        event(event, facts) {
          if (facts.delivery.kind !== 'orphan') return;
          const unreadable = context.model.unreadable.get(event.sender) ?? 0;
          context.report({
            messageId: facts.excused ? 'excused' : 'orphan',
            severity: facts.excused ? 'info' : 'error',
            data: { peer: `peer${event.printer}`, message: msgOf(event, context.formatN), sender: event.sender, unreadable },
            event,
            expected: `a line of peer${event.sender} sending ${msgOf(event, context.formatN)}`,
            seen: 'no such send',
          });
        },
      },
    };
  },
  examples: {
    valid: [{ name: 'every receive has its send', log: log(TC1_RUN) }],
    invalid: [
      { name: 'an accept from a peer that sent nothing', log: log(replaced(TC1_RUN, at(TC1_RUN, '3 received accept X 101 from 1'), '3 received accept Y 105 from 5', '3 received accept X 101 from 1')) },
      { name: 'a receive printed twice', log: log(replaced(TC1_RUN, at(TC1_RUN, '2 received prepare X 101 from 1'), '2 received prepare X 101 from 1', '2 received prepare X 101 from 1')) },
    ],
  },
};

export default rule;
