import { msgOf } from './format.js';
import { TC1_RUN, log } from './examples.js';
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'pairing/causality-cycle',
    category: 'pairing',
    severity: 'error',
    docs:
      'A message is received after it is sent. Taking each peer\'s lines in its own order and each receive after its send, the run must have a ' +
      'consistent order; when it has none (peer A received from B before sending what B was waiting for, and B likewise), the lines contradict each ' +
      'other. The usual cause is printing a line at the wrong moment (printing "received" only after having replied, or "sent" after the reply came back).',
    messages: { cycle: '{peer} printed that it received {message} from peer{sender} before peer{sender} could have sent it (peer{sender} sends it at {where}, after events that depend on this one)' },
    hint: 'Print each received line as soon as the message arrives, before acting on it, and each sent line just before sending.',
  },
  create(context) {
    return {
      on: {
        event(event, facts) {
          if (facts.delivery.kind !== 'cycle') return;
          const send = facts.delivery.send;
          context.report({
            messageId: 'cycle',
            data: { peer: `peer${event.printer}`, message: msgOf(event, context.formatN), sender: event.sender, where: `${send.file}:${send.line}` },
            event,
            expected: 'the send before the receive',
            seen: `received at line ${event.line}, sent at ${send.file}:${send.line}`,
          });
        },
      },
    };
  },
  examples: {
    valid: [{ name: 'consistent order', log: log(TC1_RUN) }],
    invalid: [
      {
        name: 'the proposer prints the replies before its prepare',
        log: log([
          '1 received prepare_ack - 0 from 2',
          '1 sent prepare X 101',
          '2 received prepare X 101 from 1',
          '2 sent prepare_ack - 0',
        ]),
      },
    ],
  },
};

export default rule;
