// Causal replay: runs each peer's events in that peer's own order, holding a
// received line back until a matching send has run. The merged order of the
// log is never trusted; what comes out is one causally consistent order of
// the whole run, in which the model and the rules then see every event.
//
// A sent line does not name its destination, so sends are pooled by
// (type, value, n) and a receive takes one from its sender (multiset
// counting). A reply also carries the peers it may be for, worked out from
// the replying acceptor's own lines (the senders of the requests it may
// answer): a receive never takes a reply meant for another peer. Identical
// copies from one sender are taken oldest first: each pair of peers talks
// over one TCP connection, which delivers in order. (When a copy was lost, a
// later one arrived in its place; the run model settles that at the end of
// the run.) Which copy a receive takes then depends only on the peers' own
// orders, not on how the log interleaved them: requests to several peers
// are interchangeable copies, and a reply's peer is fixed by the acceptor.
//
// What stays blocked at the end is either a receive with no send at all
// (forced through as an orphan) or a causality cycle (forced through, and
// its send reserved so it is not reported twice).

import type { RunEvent } from '../types.js';

/** The peers a sent reply may be for; the handler narrows it as it learns more (one peer once known). */
export interface Destination {
  readonly peers: readonly number[];
}

export interface PooledSend {
  event: RunEvent;
  /** Where a reply may go; null for a request (any receiver) or a reply that answered nothing. */
  to: Destination | null;
}

export type Delivery =
  | { kind: 'local' }
  | { kind: 'matched'; send: PooledSend }
  | { kind: 'orphan' }
  | { kind: 'cycle'; send: RunEvent };

export interface ReplayHandler {
  /** Called once per event in causal order; for a sent reply, returns where it may go. */
  execute(event: RunEvent, delivery: Delivery): Destination | null;
}

/** A peer holding more unmatched events than this forces its oldest through. */
export const MAX_BLOCKED_PER_PEER = 20000;

export const UNKNOWN_SENDER = -1;

const LOCAL: Delivery = { kind: 'local' };

/** Pool bucket of a message: by number and type (the value is compared within the bucket). */
function bucketOf(event: RunEvent): number {
  // A switch, not a lookup table keyed by the type: this runs for every message.
  switch (event.type) {
    case 'prepare':
      return event.n * 4;
    case 'prepare_ack':
      return event.n * 4 + 1;
    case 'accept':
      return event.n * 4 + 2;
    default:
      return event.n * 4 + 3;
  }
}

class Queue {
  items: RunEvent[] = [];
  head = 0;
  /** Size at which a blocked peer next tries to force its oldest event through. */
  forceAt = MAX_BLOCKED_PER_PEER;
  get size(): number {
    return this.items.length - this.head;
  }
  peek(): RunEvent | undefined {
    return this.items[this.head];
  }
  shift(): void {
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}

export class Replay {
  private readonly queues = new Map<number, Queue>();
  private readonly pool = new Map<number, PooledSend[]>();
  private readonly waiting = new Map<number, Set<number>>();
  private readonly reserved = new Set<RunEvent>();
  private readonly runnable: number[] = [];
  matched = 0;

  constructor(private readonly handler: ReplayHandler) {}

  push(event: RunEvent): void {
    let queue = this.queues.get(event.printer);
    if (!queue) {
      queue = new Queue();
      this.queues.set(event.printer, queue);
    }
    if (queue.size === 0) {
      // Nothing of this peer is waiting: run the event now, without queueing it.
      if (event.action !== 'received') {
        this.runLocal(event);
        if (this.runnable.length > 0) this.drainRunnable();
        return;
      }
      const send = this.take(event);
      if (send) {
        this.matched++;
        this.handler.execute(event, { kind: 'matched', send });
        return;
      }
      queue.items.push(event);
      this.wait(event, event.printer);
      return;
    }
    queue.items.push(event);
    if (queue.size > queue.forceAt) this.forceHead(event.printer, false);
  }

  /** Runs everything left, forcing orphans and cycles through; returns unreceived sends. */
  finish(): PooledSend[] {
    for (;;) {
      const heads: RunEvent[] = [];
      for (const queue of this.queues.values()) {
        const head = queue.peek();
        if (head) heads.push(head);
      }
      if (heads.length === 0) break;
      heads.sort((a, b) => a.id - b.id);
      const orphan = heads.find((h) => !this.pendingSendFor(h));
      this.forceHead((orphan ?? heads[0]!).printer, true);
    }
    const left: PooledSend[] = [];
    for (const list of this.pool.values()) left.push(...list);
    return left.sort((a, b) => a.event.id - b.event.id);
  }

  private drain(first: number): void {
    this.runnable.push(first);
    this.drainRunnable();
  }

  private drainRunnable(): void {
    while (this.runnable.length > 0) {
      const peer = this.runnable.pop()!;
      const queue = this.queues.get(peer)!;
      for (let event = queue.peek(); event; event = queue.peek()) {
        if (event.action === 'received') {
          const send = this.take(event);
          if (!send) {
            this.wait(event, peer);
            break;
          }
          queue.shift();
          this.matched++;
          this.handler.execute(event, { kind: 'matched', send });
        } else {
          queue.shift();
          this.runLocal(event);
        }
      }
    }
  }

  private runLocal(event: RunEvent): void {
    const to = this.handler.execute(event, LOCAL);
    if (event.action !== 'sent') return;
    if (this.reserved.delete(event)) {
      this.matched++;
      return;
    }
    const key = bucketOf(event);
    let list = this.pool.get(key);
    if (!list) {
      list = [];
      this.pool.set(key, list);
    }
    list.push({ event, to });
    const waiters = this.waiting.get(key);
    if (waiters) {
      this.waiting.delete(key);
      for (const peer of waiters) this.runnable.push(peer);
    }
  }

  private wait(event: RunEvent, peer: number): void {
    const key = bucketOf(event);
    let set = this.waiting.get(key);
    if (!set) {
      set = new Set();
      this.waiting.set(key, set);
    }
    set.add(peer);
  }

  /**
   * The oldest pooled send a receive can be: same message, from its sender,
   * and, for a reply, one that may be for this receiver. A reply the
   * acceptor sent to another peer is never taken: it would let a proposer
   * count a promise or an acceptance given to someone else.
   */
  private take(event: RunEvent): PooledSend | null {
    const key = bucketOf(event);
    const list = this.pool.get(key);
    if (!list) return null;
    for (let i = 0; i < list.length; i++) {
      const candidate = list[i]!;
      const sent = candidate.event;
      if (sent.value !== event.value || sent.type !== event.type || sent.n !== event.n) continue;
      if (event.sender !== UNKNOWN_SENDER && sent.printer !== event.sender) continue;
      if (candidate.to !== null && !candidate.to.peers.includes(event.printer)) continue;
      list.splice(i, 1);
      if (list.length === 0) this.pool.delete(key);
      return candidate;
    }
    return null;
  }

  /** An unexecuted send, in some peer's queue, that could satisfy this receive. */
  private pendingSendFor(receive: RunEvent): RunEvent | null {
    for (const queue of this.queues.values()) {
      for (let i = queue.head; i < queue.items.length; i++) {
        const e = queue.items[i]!;
        if (e.action === 'sent' && e.type === receive.type && e.value === receive.value && e.n === receive.n &&
          (receive.sender === UNKNOWN_SENDER || e.printer === receive.sender) && !this.reserved.has(e)) {
          return e;
        }
      }
    }
    return null;
  }

  private forceHead(peer: number, atEnd: boolean): void {
    const queue = this.queues.get(peer)!;
    const head = queue.peek()!;
    const pending = this.pendingSendFor(head);
    if (pending && !atEnd) {
      // Its send is still on its way: keep waiting, and look again much later.
      queue.forceAt = queue.size + 1000;
      return;
    }
    this.waiting.get(bucketOf(head))?.delete(peer);
    queue.shift();
    if (pending) {
      this.reserved.add(pending);
      this.handler.execute(head, { kind: 'cycle', send: pending });
    } else {
      this.handler.execute(head, { kind: 'orphan' });
    }
    this.drain(peer);
  }
}
