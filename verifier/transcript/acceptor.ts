// One acceptor's state, replayed from its own lines. Its processing order is
// the order of its sent replies, not of its received lines: a peer may print
// what arrives (a reader thread) before handling what arrived earlier. Each
// reply answers a request received before it and not yet answered, and is
// judged against the state at the moment it was sent (slide 45).
//
// Which request a reply answers is not always written down: two pending
// prepares get the same prepare_ack, and an acceptor may silently drop a
// stale request (safe: a dropped request is a lost message). So the replay
// keeps every reading of the lines that fits them so far (a "world": state
// and unanswered requests), branching when a reply fits several requests and
// dropping a world when a later reply does not fit it. A reply is a mistake
// only when no world explains it; the first world (requests handled in the
// order they arrived) names the mistake and carries on alone. Each proposer's
// requests reach the acceptor over one connection, in order: answering one
// passes over that proposer's earlier unanswered requests of the same type
// and of its older rounds, which were dropped.
//
// Acceptors follow their own claims: an acceptor that acknowledges an accept
// has accepted it, even against its promise, so one mistake is reported once
// rather than again at every later reply.

import type { RunEvent, SourceRef } from '../types.js';
import type { Round } from './model.js';

export interface AcceptorState {
  minProposal: number;
  acceptedProposal: number;
  acceptedValue: string | null;
  /** Proposer whose accept was last accepted. */
  acceptedFrom: number | null;
}

/** A prepare or accept an acceptor received; `reply` is filled in when the acceptor answers it. */
export interface RequestRecord {
  sender: number;
  type: 'prepare' | 'accept';
  n: number;
  value: string | null;
  at: SourceRef;
  /** Acceptor state when the request arrived (after the replies sent until then). */
  atReceipt: AcceptorState;
  /** The sender's round this request belongs to (null when the sender printed no such request). */
  round: Round | null;
  /** How slide 45 judges the reply that answered it; null while unanswered. */
  reply: ReplyJudgment | null;
}

/** The reply slide 45 prescribes for a request, from the acceptor's state when it replied. */
export interface ReplyJudgment {
  before: AcceptorState;
  /** prepare: n > minProposal (a promise); accept: n >= minProposal (accepted). */
  granted: boolean;
  expected: { n: number; value: string | null };
}

export type AnsweredRequest = RequestRecord & { reply: ReplyJudgment };

/** What one sent reply was found to be. */
export interface ReplyReading {
  /** The request it answers in the first world that explains it (or, when none does, the one it claims to answer); null when none was pending. */
  answers: AnsweredRequest | null;
  /**
   * Every request it may answer, in some world: their senders are the peers
   * it may be for. Narrowed in place as later replies rule worlds out.
   */
  options: RequestRecord[];
  /** The reply acknowledged an accept: it says the acceptor accepted (n, value). */
  accepted: boolean;
}

interface World extends AcceptorState {
  /** Requests received and not yet answered or passed over, in the acceptor's order. */
  pending: RequestRecord[];
  /** For each reply still open (several requests possible): the ones this world has it answer. */
  choices: Map<ReplyReading, readonly RequestRecord[]>;
}

/** Worlds kept at once; beyond this the least likely (those that reorder most) are dropped. */
const MAX_WORLDS = 8;
/** Unanswered requests kept per world; a request that waits behind this many was dropped. */
const MAX_PENDING = 256;
/** Open replies followed per acceptor; beyond this the oldest keeps the requests it may answer now. */
const MAX_OPEN = 16;

function stateOf(w: AcceptorState): AcceptorState {
  return { minProposal: w.minProposal, acceptedProposal: w.acceptedProposal, acceptedValue: w.acceptedValue, acceptedFrom: w.acceptedFrom };
}

/** Slide 45 steps 3 and 6: the reply to `request` from state `s`. */
export function judge(s: AcceptorState, request: RequestRecord): ReplyJudgment {
  if (request.type === 'prepare') {
    return { before: stateOf(s), granted: request.n > s.minProposal, expected: { n: s.acceptedProposal, value: s.acceptedValue } };
  }
  const granted = request.n >= s.minProposal;
  return { before: stateOf(s), granted, expected: granted ? { n: request.n, value: request.value } : { n: s.minProposal, value: s.acceptedValue } };
}

/** Whether `event` is the reply slide 45 prescribes to `request` in world `w` (judge() without allocating). */
function fits(w: World, request: RequestRecord, event: RunEvent): boolean {
  if (request.type === 'prepare') return event.n === w.acceptedProposal && event.value === w.acceptedValue;
  if (request.n >= w.minProposal) return event.n === request.n && event.value === request.value;
  return event.n === w.minProposal && event.value === w.acceptedValue;
}

function sameWorld(a: World, b: World): boolean {
  if (a.minProposal !== b.minProposal || a.acceptedProposal !== b.acceptedProposal || a.acceptedValue !== b.acceptedValue || a.acceptedFrom !== b.acceptedFrom) return false;
  if (a.pending.length !== b.pending.length) return false;
  for (let i = 0; i < a.pending.length; i++) if (a.pending[i] !== b.pending[i]) return false;
  // Worlds that have the open replies answer different requests stay apart: a receive may rule out one of them, and with it what it says about the others.
  if (a.choices.size !== b.choices.size) return false;
  for (const [reading, requests] of a.choices) {
    const other = b.choices.get(reading);
    if (!other || other.length !== requests.length || requests.some((r) => !other.includes(r))) return false;
  }
  return true;
}

export class AcceptorReplay {
  private worlds: World[] = [{ minProposal: 0, acceptedProposal: 0, acceptedValue: null, acceptedFrom: null, pending: [], choices: new Map() }];
  /** Replies whose request differs between worlds. */
  private open: ReplyReading[] = [];

  /** The state in the first reading, the one requests handled in arrival order give when it fits. */
  get state(): AcceptorState {
    return this.worlds[0]!;
  }

  receive(request: RequestRecord): void {
    for (const w of this.worlds) {
      w.pending.push(request);
      if (w.pending.length > MAX_PENDING) w.pending.shift();
    }
  }

  reply(event: RunEvent): ReplyReading {
    const type = event.type === 'prepare_ack' ? 'prepare' : 'accept';
    if (this.worlds.length === 1 && this.open.length === 0) {
      // The usual case, on every reply of a long run: one reading, and one request the reply fits.
      const w = this.worlds[0]!;
      let only: RequestRecord | null = null;
      let count = 0;
      for (const request of w.pending) {
        if (request.type !== type || !fits(w, request, event)) continue;
        only = request;
        if (++count > 1) break;
      }
      if (count === 1) {
        const answers = this.answer(w, only!, event);
        return { answers, options: [only!], accepted: type === 'accept' && answers.reply.granted };
      }
    }
    const reading: ReplyReading = { answers: null, options: [], accepted: false };
    const next: World[] = [];
    const chosen: { world: World; request: RequestRecord }[] = [];
    for (const w of this.worlds) {
      let fitting: RequestRecord[] | null = null;
      for (const request of w.pending) {
        if (request.type !== type || !fits(w, request, event)) continue;
        (fitting ??= []).push(request);
      }
      if (!fitting) continue;
      for (let i = 0; i < fitting.length; i++) {
        const request = fitting[i]!;
        const world = i === fitting.length - 1 ? w : { ...w, pending: [...w.pending], choices: new Map(w.choices) };
        if (!reading.answers) reading.answers = this.answer(world, request, event);
        else this.advance(world, request, event);
        if (!reading.options.includes(request)) reading.options.push(request);
        chosen.push({ world, request });
      }
    }
    if (reading.answers) {
      reading.accepted = type === 'accept' && reading.answers.reply.granted;
      if (reading.options.length > 1) {
        for (const { world, request } of chosen) world.choices.set(reading, [request]);
        this.open.push(reading);
      }
      for (const { world } of chosen) if (!next.some((kept) => sameWorld(kept, world))) next.push(world);
      this.settle(next.length > MAX_WORLDS ? next.slice(0, MAX_WORLDS) : next);
      return reading;
    }
    // No world explains the reply: the first one with a request of that type names the mistake, and is the only one kept.
    const w = this.worlds.find((world) => world.pending.some((r) => r.type === type));
    if (!w) return reading;
    const request = (type === 'accept' && w.pending.find((r) => r.type === type && r.n === event.n && r.value === event.value)) || w.pending.find((r) => r.type === type)!;
    reading.answers = this.answer(w, request, event);
    reading.options.push(request);
    reading.accepted = type === 'accept' && event.n <= request.n;
    this.settle([w]);
    return reading;
  }

  /**
   * `receiver` printed receiving `reading`'s reply: the worlds in which it
   * answered another proposer's request are ruled out (unless none would be
   * left: the receive is then reported as the pairing mistake it is).
   */
  received(reading: ReplyReading, receiver: number): void {
    if (!this.open.includes(reading)) return;
    const kept: World[] = [];
    for (const w of this.worlds) {
      const mine = (w.choices.get(reading) ?? []).filter((r) => r.sender === receiver);
      if (mine.length === 0) continue;
      w.choices.set(reading, mine);
      kept.push(w);
    }
    if (kept.length > 0) this.settle(kept);
  }

  /** The worlds left: each open reply may answer only what some of them have it answer; one that all agree on is closed. */
  private settle(worlds: World[]): void {
    this.worlds = worlds;
    if (this.open.length === 0) return;
    if (this.open.length > MAX_OPEN) this.close(this.open[0]!);
    for (const reading of [...this.open]) {
      const options: RequestRecord[] = [];
      for (const w of worlds) for (const r of w.choices.get(reading) ?? []) if (!options.includes(r)) options.push(r);
      reading.options.length = 0;
      reading.options.push(...options);
      if (options.length <= 1) this.close(reading);
    }
  }

  private close(reading: ReplyReading): void {
    this.open.splice(this.open.indexOf(reading), 1);
    for (const w of this.worlds) w.choices.delete(reading);
  }

  /** Judges `request` as answered by `event` in `w`, then applies it. */
  private answer(w: World, request: RequestRecord, event: RunEvent): AnsweredRequest {
    request.reply = judge(w, request);
    this.advance(w, request, event);
    return request as AnsweredRequest;
  }

  /**
   * `w` after answering `request` with `event`: the request and the same
   * proposer's requests it passes over (earlier ones of its type, earlier
   * ones of the other type from older rounds) leave the pending list.
   */
  private advance(w: World, request: RequestRecord, event: RunEvent): void {
    const at = w.pending.indexOf(request);
    let kept = 0;
    for (let i = 0; i < w.pending.length; i++) {
      const r = w.pending[i]!;
      if (i === at) continue;
      if (i < at && r.sender === request.sender && (r.type === request.type || r.n < request.n)) continue;
      w.pending[kept++] = r;
    }
    w.pending.length = kept;
    if (request.type === 'prepare') {
      if (request.n > w.minProposal) w.minProposal = request.n;
    } else if (event.n <= request.n) {
      // Acknowledged without rejecting: the acceptor says it accepted (n, value).
      w.acceptedProposal = request.n;
      w.acceptedValue = request.value;
      w.acceptedFrom = request.sender;
      if (request.n > w.minProposal) w.minProposal = request.n;
    }
  }
}
