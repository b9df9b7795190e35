// The rebuilt run: each acceptor's state replayed from its own lines, each
// proposer's rounds, and what has been chosen. It states facts about every
// event (which request a reply answers, what slide 45 says that reply should
// be, which round an ack belongs to); the rules then judge those facts.
//
// Acceptors follow their own claims: an acceptor that acknowledges an accept
// has accepted it, even against its promise, so one mistake is reported once
// rather than again at every later reply.

import { majority } from '../../peer/core/quorum.js';
import type { RunEvent, SourceRef, Topology } from '../types.js';
import type { Delivery } from './replay.js';

export interface AcceptorState {
  minProposal: number;
  acceptedProposal: number;
  acceptedValue: string | null;
  /** Proposer whose accept was last accepted. */
  acceptedFrom: number | null;
}

/** A prepare or accept an acceptor received, with the reply slide 45 prescribes. */
export interface RequestRecord {
  sender: number;
  type: 'prepare' | 'accept';
  n: number;
  value: string | null;
  at: SourceRef;
  /** Acceptor state when the request arrived. */
  before: AcceptorState;
  /** prepare: n > minProposal (a promise); accept: n >= minProposal (accepted). */
  granted: boolean;
  expected: { n: number; value: string | null };
}

export interface Round {
  proposer: number;
  n: number;
  /** Value of the round's prepare: the proposer's own candidate. */
  value: string | null;
  at: SourceRef;
  prepares: number;
  /** prepare_acks that arrived before the round's first accept was sent, by acceptor; uncertain: an identical reply to an earlier round may be the one that arrived. */
  promises: Map<number, { n: number; value: string | null; uncertain: boolean }>;
  accepts: number;
  acceptValue: string | null;
  /** The value adoption prescribes, fixed when the first accept is sent. */
  expectedValue: string | null;
  /** Values an uncertain prepare_ack would prescribe had it counted for this round: accepted too. */
  alsoAcceptable: (string | null)[];
  adoptedFrom: { acceptor: number; n: number } | null;
  okAcks: Set<number>;
  rejections: Map<number, number>;
  chose: boolean;
}

export interface Facts {
  delivery: Delivery;
  /** An orphan receive whose sender printed lines that could not be read (maybe this very send). */
  excused: boolean;
  /** Received prepare/accept at an acceptor. */
  request?: RequestRecord;
  /** Sent prepare_ack/accept_ack: the request it answers (null when none was pending). */
  answers?: RequestRecord | null;
  /** Proposer-side events: the round concerned (null when it cannot be found). */
  round?: Round | null;
  /** Sent prepare: a round not seen before. */
  newRound?: boolean;
  /** Sent prepare: the proposer's round before this one. */
  previousRound?: Round | null;
  /** Sent prepare: another proposer already used this number. */
  collision?: { proposer: number; at: SourceRef } | null;
  /** Sent prepare: the number was used for an earlier round of the same proposer. */
  reused?: boolean;
  /** Sent accept: the first accept of its round. */
  firstAccept?: boolean;
  /** Received accept_ack: its number exceeds the round's (a rejection). */
  rejection?: boolean;
  /** Received ack after its round moved on (prepare_ack after the accept went out). */
  late?: boolean;
  /** Sent accept_ack that completed a majority of acceptances for one value. */
  majorityFor?: { value: string | null; n: number; proposer: number } | null;
}

/** Bounds that keep memory flat on very long runs. */
const MAX_ROUNDS_PER_PROPOSER = 64;
/** Proposal numbers remembered for collisions and majority counts: far more than rounds overlap. */
const MAX_TRACKED_NUMBERS = 4096;

export interface PeerIdConvention {
  kind: 'sender' | 'printer';
  /** Received lines looked at, and how many carried the printer's own id. */
  sample: number;
  matches: number;
  /** First received line carrying the printer's own id. */
  first: SourceRef | null;
  firstPeer: number | null;
}

export interface ChoiceRecord {
  value: string | null;
  n: number;
  peer: number;
  at: SourceRef;
}

export class RunModel {
  readonly acceptors = new Map<number, AcceptorState & { pending: { prepare: RequestRecord[]; accept: RequestRecord[] } }>();
  readonly proposers = new Map<number, { rounds: Map<number, Round>; latest: Round | null; first: Round | null; chose: ChoiceRecord | null }>();
  /** Every chose line's value, first place seen. */
  readonly chosen = new Map<string | null, ChoiceRecord>();
  /** Values accepted by a majority of some proposer's acceptors. */
  readonly majorityAccepted = new Map<string | null, ChoiceRecord>();
  /** Values any proposer put in a prepare. */
  readonly proposed = new Set<string | null>();
  private readonly numberOwner = new Map<number, { proposer: number; at: SourceRef }>();
  private readonly acceptances = new Map<number, { value: string | null; proposer: number; acceptors: Set<number> }>();
  /** Unreadable transcript lines per peer (syntax or schema errors). */
  readonly unreadable = new Map<number, number>();
  /** Sends no peer printed receiving, known once the replay has finished. */
  unreceived: RunEvent[] = [];
  /** What peer_id means on received lines in this run, decided once from a sample. */
  convention: PeerIdConvention = { kind: 'sender', sample: 0, matches: 0, first: null, firstPeer: null };

  constructor(private readonly topology: () => Topology) {}

  acceptor(id: number) {
    let a = this.acceptors.get(id);
    if (!a) {
      a = { minProposal: 0, acceptedProposal: 0, acceptedValue: null, acceptedFrom: null, pending: { prepare: [], accept: [] } };
      this.acceptors.set(id, a);
    }
    return a;
  }

  proposer(id: number) {
    let p = this.proposers.get(id);
    if (!p) {
      p = { rounds: new Map(), latest: null, first: null, chose: null };
      this.proposers.set(id, p);
    }
    return p;
  }

  /** Whether a reply answering this request belongs to the proposer's latest round. */
  answersCurrentRound(proposerId: number, request: RequestRecord | null): boolean {
    return request !== null && this.proposers.get(proposerId)?.latest?.n === request.n;
  }

  quorumOf(proposerId: number): number | null {
    const members = this.topology().acceptorsOf(proposerId).length;
    return members > 0 ? majority(members) : null;
  }

  apply(event: RunEvent, delivery: Delivery): Facts {
    const excused = delivery.kind === 'orphan' && (this.unreadable.get(event.sender) ?? 0) > 0;
    // Every field present from the start: one object shape for all events keeps the rules' code fast.
    const facts: Facts = {
      delivery, excused, request: undefined, answers: undefined, round: undefined, newRound: undefined, previousRound: undefined,
      collision: undefined, reused: undefined, firstAccept: undefined, rejection: undefined, late: undefined, majorityFor: undefined,
    };
    // A receive with no send at all is a phantom: it is reported, and changes nothing.
    if (delivery.kind === 'orphan' && !excused) return facts;
    // The event is its own place in the input (file, line): no copy per event.
    const at: SourceRef = event;
    const type = event.type;
    if (event.action === 'received') {
      if (type === 'prepare' || type === 'accept') facts.request = this.receiveRequest(event, at);
      else if (type === 'prepare_ack' || type === 'accept_ack') this.receiveReply(event, delivery, facts);
    } else if (event.action === 'sent') {
      if (type === 'prepare') this.sendPrepare(event, at, facts);
      else if (type === 'accept') this.sendAccept(event, facts);
      else if (type === 'prepare_ack' || type === 'accept_ack') this.sendReply(event, facts);
    } else if (type === 'chose') {
      this.choose(event, at, facts);
    }
    return facts;
  }

  private receiveRequest(event: RunEvent, at: SourceRef): RequestRecord {
    const a = this.acceptor(event.printer);
    const before: AcceptorState = { minProposal: a.minProposal, acceptedProposal: a.acceptedProposal, acceptedValue: a.acceptedValue, acceptedFrom: a.acceptedFrom };
    const type = event.type as 'prepare' | 'accept';
    let record: RequestRecord;
    if (type === 'prepare') {
      const granted = event.n > a.minProposal;
      if (granted) a.minProposal = event.n;
      record = { sender: event.sender, type, n: event.n, value: event.value, at, before, granted, expected: { n: a.acceptedProposal, value: a.acceptedValue } };
    } else {
      const granted = event.n >= a.minProposal;
      record = { sender: event.sender, type, n: event.n, value: event.value, at, before, granted,
        expected: granted ? { n: event.n, value: event.value } : { n: a.minProposal, value: a.acceptedValue } };
    }
    const queue = a.pending[type];
    // A request the acceptor never answered is superseded by the same proposer's next one.
    for (let i = queue.length - 1; i >= 0; i--) if (queue[i]!.sender === event.sender) queue.splice(i, 1);
    queue.push(record);
    return record;
  }

  private sendReply(event: RunEvent, facts: Facts): void {
    const a = this.acceptor(event.printer);
    const answers = a.pending[event.type === 'prepare_ack' ? 'prepare' : 'accept'].shift() ?? null;
    facts.answers = answers;
    facts.majorityFor = null;
    if (!answers) return;
    if (event.type === 'accept_ack' && event.n <= answers.n) {
      // Acknowledged without rejecting: the acceptor says it accepted (n, value).
      a.acceptedProposal = answers.n;
      a.acceptedValue = answers.value;
      a.acceptedFrom = answers.sender;
      if (answers.n > a.minProposal) a.minProposal = answers.n;
      facts.majorityFor = this.countAcceptance(event.printer, answers);
    }
  }

  private countAcceptance(acceptorId: number, request: RequestRecord): Facts['majorityFor'] {
    let entry = this.acceptances.get(request.n);
    if (!entry) {
      entry = { value: request.value, proposer: request.sender, acceptors: new Set() };
      this.acceptances.set(request.n, entry);
      if (this.acceptances.size > MAX_TRACKED_NUMBERS) this.acceptances.delete(this.acceptances.keys().next().value!);
    }
    if (entry.value !== request.value || entry.acceptors.has(acceptorId)) return null;
    entry.acceptors.add(acceptorId);
    const quorum = this.quorumOf(request.sender);
    if (quorum === null || entry.acceptors.size !== quorum) return null;
    if (!this.majorityAccepted.has(request.value)) {
      this.majorityAccepted.set(request.value, { value: request.value, n: request.n, peer: request.sender, at: request.at });
    }
    return { value: request.value, n: request.n, proposer: request.sender };
  }

  private sendPrepare(event: RunEvent, at: SourceRef, facts: Facts): void {
    const p = this.proposer(event.printer);
    this.proposed.add(event.value);
    let round = p.rounds.get(event.n);
    facts.previousRound = p.latest;
    facts.newRound = !round;
    facts.reused = false;
    facts.collision = null;
    if (!round) {
      const owner = this.numberOwner.get(event.n);
      if (owner && owner.proposer !== event.printer) facts.collision = owner;
      else if (!owner) {
        this.numberOwner.set(event.n, { proposer: event.printer, at });
        if (this.numberOwner.size > MAX_TRACKED_NUMBERS) this.numberOwner.delete(this.numberOwner.keys().next().value!);
      }
      round = {
        proposer: event.printer, n: event.n, value: event.value, at, prepares: 0, promises: new Map(), accepts: 0, acceptValue: null,
        expectedValue: null, alsoAcceptable: [], adoptedFrom: null, okAcks: new Set(), rejections: new Map(), chose: false,
      };
      p.rounds.set(event.n, round);
      if (p.rounds.size > MAX_ROUNDS_PER_PROPOSER) p.rounds.delete(p.rounds.keys().next().value!);
      p.first ??= round;
    } else if (round !== p.latest || round.accepts > 0 || round.chose) {
      facts.reused = true;
    }
    round.prepares++;
    p.latest = round;
    facts.round = round;
  }

  private sendAccept(event: RunEvent, facts: Facts): void {
    const p = this.proposer(event.printer);
    const round = p.rounds.get(event.n) ?? null;
    facts.round = round;
    facts.firstAccept = round !== null && round.accepts === 0;
    if (!round) return;
    if (round.accepts === 0) {
      // Slide 45 step 4: the value of the highest accepted proposal reported, else the proposer's own.
      let best: { acceptor: number; n: number; value: string | null } | null = null;
      const members = this.topology().acceptorsOf(event.printer);
      for (const [acceptor, reply] of round.promises) {
        if (reply.value === null || reply.uncertain || !members.includes(acceptor)) continue;
        if (!best || reply.n > best.n) best = { acceptor, n: reply.n, value: reply.value };
      }
      round.expectedValue = best ? best.value : round.value;
      for (const [acceptor, reply] of round.promises) {
        if (reply.uncertain && reply.value !== null && members.includes(acceptor) && (!best || reply.n > best.n)) round.alsoAcceptable.push(reply.value);
      }
      round.adoptedFrom = best ? { acceptor: best.acceptor, n: best.n } : null;
      round.acceptValue = event.value;
    }
    round.accepts++;
  }

  private receiveReply(event: RunEvent, delivery: Delivery, facts: Facts): void {
    const p = this.proposer(event.printer);
    const answers = delivery.kind === 'matched' ? (delivery.send.answers as RequestRecord | null) : null;
    const round = (answers ? p.rounds.get(answers.n) : undefined) ?? p.latest;
    facts.round = round;
    if (!round) return;
    if (event.type === 'prepare_ack') {
      facts.late = round.accepts > 0;
      const uncertain = delivery.kind === 'matched' && delivery.ambiguous;
      if (!facts.late && !round.promises.has(event.sender)) round.promises.set(event.sender, { n: event.n, value: event.value, uncertain });
    } else {
      facts.rejection = event.n > round.n;
      facts.late = round.chose;
      if (facts.rejection) round.rejections.set(event.sender, event.n);
      else round.okAcks.add(event.sender);
    }
  }

  private choose(event: RunEvent, at: SourceRef, facts: Facts): void {
    const record: ChoiceRecord = { value: event.value, n: event.n, peer: event.printer, at };
    if (!this.chosen.has(event.value)) this.chosen.set(event.value, record);
    const p = this.proposers.get(event.printer);
    const round = p?.rounds.get(event.n) ?? null;
    facts.round = round;
    if (round) round.chose = true;
    if (p) p.chose ??= record;
  }
}
