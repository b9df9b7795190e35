// Who printed each line, when the input says nothing about it: no Compose
// prefix and no peer in the file name (`docker compose up --no-log-prefix`,
// or one peer's output saved as out3.log). In order:
//
// - One peer's file: every sent and chose line carries the same peer_id,
//   which on those lines is the printer, so every line is that peer's.
// - Printer ids: most received lines match no send of the peer they name,
//   so peer_id is the printer on received lines too (the printer-id
//   convention): it names the printer of every line.
// - Otherwise a merged stream, line by line. Sent and chose lines: peer_id.
//   A received request (prepare, accept) was printed by the acceptor whose
//   reply comes next: the first following unclaimed sent reply of that kind
//   from one of the sender's acceptors. A request no peer sent claims only a
//   reply no sent request needed, so it never takes another acceptor's. A
//   received reply was printed by the proposer whose request that reply
//   answered: the destination of the acceptor's matching sent reply.
//
// What none of this settles is left without a printer (0), with the reason:
// the caller reports it rather than guessing. Only the merged stream leans on
// the merged order, which is otherwise never trusted; the report says the
// printers were inferred.

import type { RunEvent, Topology } from '../types.js';

const LOOK_AHEAD = 64;
const REPLY_OF: Record<string, string> = { prepare: 'prepare_ack', accept: 'accept_ack' };

export type Attribution =
  /** Every line is one peer's. */
  | { how: 'one-peer'; peer: number }
  /** peer_id names the printer on every line. */
  | { how: 'printer-ids' }
  /** A merged stream, line by line. */
  | { how: 'matched' }
  /** No sent or chose line: nothing names a printer. */
  | { how: 'none' };

export interface UnknownPrinter {
  event: RunEvent;
  /** Why, for the finding: completes "could not tell which peer printed it: ...". */
  why: string;
}

export interface Inference {
  attribution: Attribution;
  /** Events left with printer 0. */
  unknown: UnknownPrinter[];
}

/** Sets `printer` on every event it can, in place; `topology` is asked for only for a merged stream. */
export function inferPrinters(events: readonly RunEvent[], topology: () => Topology): Inference {
  const printers = new Set<number>();
  for (const event of events) if (event.action !== 'received') printers.add(event.peerId);
  if (printers.size === 0) {
    return { attribution: { how: 'none' }, unknown: events.map((event) => ({ event, why: 'no sent or chose line names a printer' })) };
  }
  if (printers.size === 1) {
    const peer = [...printers][0]!;
    for (const event of events) event.printer = peer;
    return { attribution: { how: 'one-peer', peer }, unknown: [] };
  }
  const sends = sendCounts(events);
  if (receivedWithoutSend(events, new Map(sends)) * 2 > events.filter((e) => e.action === 'received').length) {
    for (const event of events) event.printer = event.peerId;
    return { attribution: { how: 'printer-ids' }, unknown: [] };
  }
  return { attribution: { how: 'matched' }, unknown: matchLineByLine(events, sends, topology()) };
}

/** The message as its sender sent it: what a received line must match. */
function messageKey(sender: number, event: RunEvent): string {
  return `${sender}|${event.type}|${event.value}|${event.n}`;
}

function sendCounts(events: readonly RunEvent[]): Map<string, number> {
  const sends = new Map<string, number>();
  for (const event of events) {
    if (event.action !== 'sent') continue;
    const key = messageKey(event.peerId, event);
    sends.set(key, (sends.get(key) ?? 0) + 1);
  }
  return sends;
}

/** Takes a send of the message a received line names, if one is left. */
function takeSend(remaining: Map<string, number>, event: RunEvent): boolean {
  const key = messageKey(event.peerId, event);
  const left = remaining.get(key) ?? 0;
  if (left === 0) return false;
  remaining.set(key, left - 1);
  return true;
}

/** Received lines that match no send of the peer they name, reading peer_id as the sender. */
function receivedWithoutSend(events: readonly RunEvent[], remaining: Map<string, number>): number {
  let orphans = 0;
  for (const event of events) if (event.action === 'received' && !takeSend(remaining, event)) orphans++;
  return orphans;
}

function matchLineByLine(events: readonly RunEvent[], sends: Map<string, number>, topology: Topology): UnknownPrinter[] {
  const unknown: UnknownPrinter[] = [];
  const remaining = new Map(sends);
  /** Sent replies claimed by a received request, and the proposer each answered. */
  const destinations = new Map<number, number>();
  const orphans: number[] = [];
  const requests: number[] = [];
  for (const [i, event] of events.entries()) {
    if (event.action !== 'received') {
      event.printer = event.peerId;
    } else if (REPLY_OF[event.type]) {
      if (takeSend(remaining, event)) requests.push(i);
      else orphans.push(i);
    }
  }
  // Requests that were sent claim their replies first; a request nobody sent gets only what is left.
  for (const i of requests) claimReply(events, i, destinations, topology, unknown, 'no acceptor\'s reply follows it');
  for (const i of orphans) claimReply(events, i, destinations, topology, unknown, `peer${events[i]!.peerId} never printed sending it, and no acceptor's reply follows it`);
  // Each acceptor's claimed replies, in order, by message: a received reply takes the first one's proposer.
  const answered = new Map<string, number[]>();
  for (const [j, proposer] of [...destinations].sort((a, b) => a[0] - b[0])) {
    const key = messageKey(events[j]!.peerId, events[j]!);
    const list = answered.get(key);
    if (list) list.push(proposer);
    else answered.set(key, [proposer]);
  }
  for (const event of events) {
    if (event.action !== 'received' || REPLY_OF[event.type]) continue;
    const proposer = answered.get(messageKey(event.peerId, event))?.shift();
    if (proposer !== undefined) {
      event.printer = proposer;
      continue;
    }
    // No claimed reply matches: the hostsfile still settles it when the acceptor serves one proposer.
    const candidates = topology.proposers().filter((p) => topology.acceptorsOf(p).includes(event.peerId));
    if (candidates.length === 1) event.printer = candidates[0]!;
    else {
      unknown.push({
        event,
        why: candidates.length === 0
          ? `peer${event.peerId} is no proposer's acceptor in the hostsfile, and no request it answered was found`
          : `peer${event.peerId} answers several proposers, and no request it answered matches this reply`,
      });
    }
  }
  return unknown;
}

/** The printer of received request `i`: the acceptor whose reply comes next. */
function claimReply(events: readonly RunEvent[], i: number, destinations: Map<number, number>, topology: Topology, unknown: UnknownPrinter[], why: string): void {
  const event = events[i]!;
  const reply = REPLY_OF[event.type]!;
  const acceptors = topology.acceptorsOf(event.peerId);
  for (let j = i + 1; j < events.length && j <= i + LOOK_AHEAD; j++) {
    const later = events[j]!;
    if (later.action === 'sent' && later.type === reply && !destinations.has(j) && (acceptors.length === 0 || acceptors.includes(later.peerId))) {
      destinations.set(j, event.peerId);
      event.printer = later.peerId;
      return;
    }
  }
  if (acceptors.length === 1) event.printer = acceptors[0]!;
  else unknown.push({ event, why });
}
