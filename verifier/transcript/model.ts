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
import type { Delivery, PooledSend } from './replay.js';

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
  /** The sender's round this request belongs to (null when the sender printed no such request). */
  round: Round | null;
}

/**
 * A prepare_ack the replay paired, oldest first as TCP delivers, with a copy
 * answering an older round, while an identical copy may answer the round the
 * proposer is waiting on. If the older copy was lost (a crash, a broken link),
 * the reply that arrived is the newer one. Whether that can be is known only
 * at the end of the run: some identical copy was then never received.
 */
export interface TwinWatch {
  acceptor: number;
  proposer: number;
  value: string | null;
  n: number;
  /** null until the end of the run. */
  possible: boolean | null;
}

/** Who counts toward a proposer's majority, and how many make one. */
export interface Quorum {
  /** The acceptors whose replies count; null: any peer that replied (a peer with no proposer role). */
  members: readonly number[] | null;
  size: number;
  quorum: number;
}

/** What a round's first accept was sent on: the prepare_acks it had, as slide 45 step 4 counts them. */
export interface PrepareOutcome {
  quorum: Quorum | null;
  /** Acceptors whose prepare_ack certainly answered this round. */
  votes: number;
  /** Replies that answered this round if an identical earlier copy was lost. */
  maybeVotes: TwinWatch[];
  /** Values such a reply would have prescribed instead of expectedValue. */
  alternatives: { value: string | null; watch: TwinWatch }[];
}

export interface Round {
  proposer: number;
  n: number;
  /** Value of the round's prepare: the proposer's own candidate. */
  value: string | null;
  at: SourceRef;
  prepares: number;
  /** prepare_acks that arrived before the round's first accept was sent, by acceptor. */
  promises: Map<number, { n: number; value: string | null }>;
  /** prepare_acks that may have answered this round (see TwinWatch), by acceptor. */
  maybePromises: Map<number, { n: number; value: string | null; watch: TwinWatch }>;
  accepts: number;
  acceptValue: string | null;
  /** The value adoption prescribes, fixed when the first accept is sent. */
  expectedValue: string | null;
  adoptedFrom: { acceptor: number; n: number } | null;
  /** Fixed when the first accept is sent. */
  prepared: PrepareOutcome | null;
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
  /** Sent accept_ack that completed a majority of acceptances for one (n, value). */
  majorityFor?: MajorityRecord | null;
}

/** Bounds that keep memory flat on very long runs. */
const MAX_ROUNDS_PER_PROPOSER = 64;
/** Proposal numbers remembered for collisions and majority counts: far more than rounds overlap. */
const MAX_TRACKED_NUMBERS = 4096;
/** Judgments waiting for the end of the run; beyond this the oldest is settled at once, giving the benefit of the doubt. */
export const MAX_DEFERRED = 4096;

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

/** (n, value) accepted by a majority of an acceptor set: chosen, printed or not. peer: the sender of the accept. */
export interface MajorityRecord extends ChoiceRecord {
  acceptors: number[];
  acceptorSet: readonly number[];
}

export class RunModel {
  readonly acceptors = new Map<number, AcceptorState & { pending: { prepare: RequestRecord[]; accept: RequestRecord[] } }>();
  readonly proposers = new Map<number, { rounds: Map<number, Round>; latest: Round | null; first: Round | null; chose: ChoiceRecord | null }>();
  /** Every chose line's value, first place seen. */
  readonly chosen = new Map<string | null, ChoiceRecord>();
  /** Values accepted by a majority of some acceptor set of the hostsfile, whoever sent the accept: first time each. */
  readonly majorityAccepted = new Map<string | null, MajorityRecord>();
  /** Values any proposer put in a prepare. */
  readonly proposed = new Set<string | null>();
  private readonly numberOwner = new Map<number, { proposer: number; at: SourceRef }>();
  /** Acceptors that accepted each (n, value), by n then value: two values may share a number. */
  private readonly acceptances = new Map<number, Map<string | null, { acceptors: Set<number>; chosen: boolean }>>();
  private readonly deferred: { watches: TwinWatch[]; judge: () => void }[] = [];
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

  /**
   * A proposer's majority: of its acceptorK peers in the hostsfile; for a
   * peer with no proposer role that still sends requests, of the peers it
   * sent them to (`requestsSent` of them), whoever replies.
   */
  quorumFor(proposerId: number, requestsSent: number): Quorum | null {
    const members = this.topology().acceptorsOf(proposerId);
    if (members.length > 0) return { members, size: members.length, quorum: majority(members.length) };
    if (this.topology().isProposer(proposerId) || requestsSent === 0) return null;
    return { members: null, size: requestsSent, quorum: majority(requestsSent) };
  }

  /**
   * Runs `judge` once every watch is settled (at the end of the run, from
   * settle()). Memory stays bounded: past MAX_DEFERRED waiting judgments the
   * oldest is settled now with its unsettled watches taken as possible, which
   * can hide a finding but never invent one.
   */
  whenSettled(watches: TwinWatch[], judge: () => void): void {
    this.deferred.push({ watches, judge });
    if (this.deferred.length <= MAX_DEFERRED) return;
    const oldest = this.deferred.shift()!;
    for (const watch of oldest.watches) watch.possible ??= true;
    oldest.judge();
  }

  /** End of the run: the sends nobody printed receiving settle every watch, then the waiting judgments run. */
  settle(unreceived: readonly PooledSend[]): void {
    this.unreceived = unreceived.map((send) => send.event);
    const lost = new Set<string>();
    for (const send of unreceived) {
      if (send.event.type === 'prepare_ack' && send.dest !== null) lost.add(twinKey(send.event.printer, send.dest, send.event.value, send.event.n));
    }
    for (const { watches, judge } of this.deferred.splice(0)) {
      for (const watch of watches) watch.possible ??= lost.has(twinKey(watch.acceptor, watch.proposer, watch.value, watch.n));
      judge();
    }
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
    const round = this.proposers.get(event.sender)?.rounds.get(event.n) ?? null;
    let record: RequestRecord;
    if (type === 'prepare') {
      const granted = event.n > a.minProposal;
      if (granted) a.minProposal = event.n;
      record = { sender: event.sender, type, n: event.n, value: event.value, at, before, granted, expected: { n: a.acceptedProposal, value: a.acceptedValue }, round };
    } else {
      const granted = event.n >= a.minProposal;
      record = { sender: event.sender, type, n: event.n, value: event.value, at, before, granted,
        expected: granted ? { n: event.n, value: event.value } : { n: a.minProposal, value: a.acceptedValue }, round };
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

  /**
   * A value is chosen once a majority of an acceptor set accepted the same
   * (n, value). What the acceptors accepted decides, not who sent the accept:
   * a peer with no proposer role can get a value chosen as well as a proposer.
   */
  private countAcceptance(acceptorId: number, request: RequestRecord): MajorityRecord | null {
    let byValue = this.acceptances.get(request.n);
    if (!byValue) {
      byValue = new Map();
      this.acceptances.set(request.n, byValue);
      if (this.acceptances.size > MAX_TRACKED_NUMBERS) this.acceptances.delete(this.acceptances.keys().next().value!);
    }
    let entry = byValue.get(request.value);
    if (!entry) {
      entry = { acceptors: new Set(), chosen: false };
      byValue.set(request.value, entry);
    }
    if (entry.chosen || entry.acceptors.has(acceptorId)) return null;
    entry.acceptors.add(acceptorId);
    const acceptors = entry.acceptors;
    const set = this.topology().acceptorSets().find((members) =>
      members.includes(acceptorId) && members.filter((id) => acceptors.has(id)).length >= majority(members.length));
    if (!set) return null;
    entry.chosen = true;
    const record: MajorityRecord = { value: request.value, n: request.n, peer: request.sender, at: request.at, acceptors: [...acceptors].sort((x, y) => x - y), acceptorSet: set };
    if (!this.majorityAccepted.has(request.value)) this.majorityAccepted.set(request.value, record);
    return record;
  }

  private sendPrepare(event: RunEvent, at: SourceRef, facts: Facts): void {
    const p = this.proposer(event.printer);
    this.proposed.add(event.value);
    let round = p.rounds.get(event.n);
    facts.previousRound = p.latest;
    facts.newRound = !round;
    facts.reused = round !== undefined && (round !== p.latest || round.accepts > 0 || round.chose);
    facts.collision = null;
    if (!round) {
      const owner = this.numberOwner.get(event.n);
      if (owner && owner.proposer !== event.printer) facts.collision = owner;
      else if (!owner) {
        this.numberOwner.set(event.n, { proposer: event.printer, at });
        if (this.numberOwner.size > MAX_TRACKED_NUMBERS) this.numberOwner.delete(this.numberOwner.keys().next().value!);
      }
    }
    if (!round || facts.reused) {
      // A reused number is reported once (proposer/proposal-unique); the retry is then judged as the round it is, on its own replies.
      round = {
        proposer: event.printer, n: event.n, value: event.value, at, prepares: 0, promises: new Map(), maybePromises: new Map(), accepts: 0,
        acceptValue: null, expectedValue: null, adoptedFrom: null, prepared: null, okAcks: new Set(), rejections: new Map(), chose: false,
      };
      p.rounds.delete(event.n);
      p.rounds.set(event.n, round);
      if (p.rounds.size > MAX_ROUNDS_PER_PROPOSER) p.rounds.delete(p.rounds.keys().next().value!);
      p.first ??= round;
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
    if (round.accepts === 0) this.fixAdoption(round, event.value);
    round.accepts++;
  }

  /** Slide 45 step 4, as of the round's first accept: the value of the highest accepted proposal reported, else the proposer's own. */
  private fixAdoption(round: Round, sentValue: string | null): void {
    const quorum = this.quorumFor(round.proposer, round.prepares);
    const counts = (acceptor: number): boolean => !quorum || quorum.members === null || quorum.members.includes(acceptor);
    let best: { acceptor: number; n: number; value: string | null } | null = null;
    let votes = 0;
    for (const [acceptor, reply] of round.promises) {
      if (!counts(acceptor)) continue;
      votes++;
      if (reply.value !== null && (!best || reply.n > best.n)) best = { acceptor, n: reply.n, value: reply.value };
    }
    const prepared: PrepareOutcome = { quorum, votes, maybeVotes: [], alternatives: [] };
    for (const [acceptor, reply] of round.maybePromises) {
      if (!counts(acceptor) || round.promises.has(acceptor)) continue;
      prepared.maybeVotes.push(reply.watch);
      if (reply.value !== null && (!best || reply.n > best.n)) prepared.alternatives.push({ value: reply.value, watch: reply.watch });
    }
    round.prepared = prepared;
    round.expectedValue = best ? best.value : round.value;
    round.adoptedFrom = best ? { acceptor: best.acceptor, n: best.n } : null;
    round.acceptValue = sentValue;
  }

  private receiveReply(event: RunEvent, delivery: Delivery, facts: Facts): void {
    const p = this.proposer(event.printer);
    const answers = delivery.kind === 'matched' ? (delivery.send.answers as RequestRecord | null) : null;
    const own = answers !== null && answers.sender === event.printer ? answers.round : null;
    const round = own ?? (answers ? p.rounds.get(answers.n) : undefined) ?? p.latest;
    facts.round = round;
    if (!round) return;
    if (event.type === 'prepare_ack') {
      facts.late = round.accepts > 0;
      if (!facts.late && !round.promises.has(event.sender)) round.promises.set(event.sender, { n: event.n, value: event.value });
      // Paired with a copy answering an older round: if that copy was lost, this reply answers the round now waiting for replies.
      const latest = p.latest;
      if (answers && latest && latest !== round && latest.accepts === 0 && !latest.promises.has(event.sender) && !latest.maybePromises.has(event.sender)) {
        const watch: TwinWatch = { acceptor: event.sender, proposer: event.printer, value: event.value, n: event.n, possible: null };
        latest.maybePromises.set(event.sender, { n: event.n, value: event.value, watch });
      }
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

function twinKey(acceptor: number, proposer: number, value: string | null, n: number): string {
  return `${acceptor}>${proposer}:${n}:${value === null ? '-' : `"${value}`}`;
}
