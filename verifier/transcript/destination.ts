// Where an acceptor's reply may go: to the senders of the requests it may
// answer, as the acceptor's own lines allow (acceptor.ts). When they allow
// several (two proposers' prepares pending, answered by two identical
// prepare_acks, in either order), the proposer that prints receiving one
// tells the acceptor's replay which readings hold, and with them where the
// other reply went.

import type { AcceptorReplay, ReplyReading, RequestRecord } from './acceptor.js';
import type { Destination } from './replay.js';

export class SentReply implements Destination {
  /** The one peer, once only one request remains (it never grows back). */
  private only: number[] | null = null;

  constructor(
    private readonly acceptor: AcceptorReplay,
    private readonly reading: ReplyReading,
  ) {}

  /** The requests it may answer: narrowed in place as the acceptor's later lines, and receives, rule some out. */
  get options(): readonly RequestRecord[] {
    return this.reading.options;
  }

  get peers(): readonly number[] {
    if (this.only) return this.only;
    const options = this.reading.options;
    if (options.length === 1) return (this.only = [options[0]!.sender]);
    const peers: number[] = [];
    for (const r of options) if (!peers.includes(r.sender)) peers.push(r.sender);
    return peers;
  }

  /** The requests of `receiver` this reply may answer, now that `receiver` printed receiving it. */
  receivedBy(receiver: number): readonly RequestRecord[] {
    const options = this.reading.options;
    if (options.length === 1) return options[0]!.sender === receiver ? options : [];
    this.acceptor.received(this.reading, receiver);
    return options.filter((r) => r.sender === receiver);
  }
}
