import { msgOf } from './format.js';
import { TC1_RUN, at, log, replaced } from './examples.js';
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'pairing/sent-not-received',
    category: 'pairing',
    severity: 'warning',
    docs:
      'Communication is reliable in this lab, so every sent line should show up as a received line at its destination. A send nobody printed ' +
      'receiving is a warning (the receiver may have stopped before printing it, or its line was lost), one per sender and message type.',
    messages: { unreceived: 'peer{sender} sent {message}, and no peer printed receiving it' },
    hint: 'Print a received line for every message that arrives, and keep peers up until their part of the run is over.',
  },
  create(context) {
    return {
      end() {
        for (const send of context.model.unreceived) {
          context.report({
            messageId: 'unreceived',
            data: { sender: send.printer, message: msgOf(send, context.formatN) },
            event: send,
            expected: 'a matching received line',
            seen: 'none',
            mergeKey: `${send.printer}:${send.type}`,
          });
        }
      },
    };
  },
  examples: {
    valid: [{ name: 'all delivered', log: log(TC1_RUN) }],
    invalid: [{ name: 'the last accept_ack never printed as received', log: log(replaced(TC1_RUN, at(TC1_RUN, '1 received accept_ack X 101 from 4'))) }],
  },
};

export default rule;
