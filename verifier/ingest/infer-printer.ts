// Who printed each line, when the input says nothing about it (`docker
// compose up --no-log-prefix`, or a merged file without prefixes). On sent
// and chose lines peer_id is the printer. A received request (prepare,
// accept) was printed by the acceptor whose reply comes next: the first
// following sent reply of that kind from one of the sender's acceptors. A
// received reply was printed by the proposer that acceptor last heard from.
// This leans on the merged order, which is otherwise never trusted; the
// report says the printers were inferred.

import type { RunEvent, Topology } from '../types.js';

const LOOK_AHEAD = 64;
const REPLY_OF: Record<string, string> = { prepare: 'prepare_ack', accept: 'accept_ack' };

/** Sets `printer` on every event, in place. */
export function inferPrinters(events: RunEvent[], topology: Topology): void {
  const claimed = new Set<number>();
  const lastHeardFrom = new Map<number, number>();
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (event.action !== 'received') {
      event.printer = event.peerId;
      continue;
    }
    const reply = REPLY_OF[event.type];
    if (reply) {
      const acceptors = topology.acceptorsOf(event.peerId);
      let printer: number | null = null;
      for (let j = i + 1; j < events.length && j <= i + LOOK_AHEAD; j++) {
        const later = events[j]!;
        if (later.action === 'sent' && later.type === reply && !claimed.has(j) && (acceptors.length === 0 || acceptors.includes(later.peerId))) {
          claimed.add(j);
          printer = later.peerId;
          break;
        }
      }
      event.printer = printer ?? acceptors[0] ?? 0;
      if (event.printer > 0) lastHeardFrom.set(event.printer, event.peerId);
    } else {
      const proposers = topology.proposers().filter((p) => topology.acceptorsOf(p).includes(event.peerId));
      event.printer = lastHeardFrom.get(event.peerId) ?? proposers[0] ?? 0;
    }
  }
}
