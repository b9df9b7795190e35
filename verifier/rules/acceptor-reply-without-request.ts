import { msgOf } from './format.js';
import { TC1_RUN, at, log, replaced } from './examples.js';
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'acceptor/reply-without-request',
    category: 'pairing',
    severity: 'error',
    docs:
      'An acceptor replies to a request it received: each sent prepare_ack follows a received prepare, each accept_ack a received accept, in the ' +
      'acceptor\'s own order. A reply with no request before it is printed out of order (reply printed before the request) or answers nothing. ' +
      'When the acceptor printed lines that could not be read, the request may be one of them: the finding is then a note.',
    messages: {
      unasked: '{peer} sent {message} without a {request} it had not answered yet',
      excused: '{peer} sent {message} without a readable {request} it had not answered yet; it printed {unreadable} unreadable line(s), which may hold it',
    },
    hint: 'Print the received request before handling it, and reply once per request.',
  },
  create(context) {
    return {
      on: {
        event(event, facts) {
          if (event.action !== 'sent' || facts.answers !== null || (event.type !== 'prepare_ack' && event.type !== 'accept_ack')) return;
          const unreadable = context.model.unreadable.get(event.printer) ?? 0;
          context.report({
            messageId: unreadable > 0 ? 'excused' : 'unasked',
            severity: unreadable > 0 ? 'info' : 'error',
            data: { peer: `peer${event.printer}`, message: msgOf(event, context.formatN), request: event.type === 'prepare_ack' ? 'prepare' : 'accept', unreadable },
            event,
            expected: `a received ${event.type === 'prepare_ack' ? 'prepare' : 'accept'} before it`,
            seen: 'none pending',
          });
        },
      },
    };
  },
  examples: {
    valid: [{ name: 'replies follow requests', log: log(TC1_RUN) }],
    invalid: [{ name: 'reply printed before the request', log: log(replaced(TC1_RUN, at(TC1_RUN, '2 received prepare X 101 from 1'), '2 sent prepare_ack - 0', '2 received prepare X 101 from 1')) }],
  },
};

export default rule;
