// The rebuilt run: each acceptor's state replayed from its own lines
// (acceptor.ts), each proposer's rounds, and what has been chosen. It states
// facts about every event (which request a reply answers, what slide 45 says
// that reply should be, which round an ack belongs to); the rules then judge
// those facts.

import { majority } from '../../peer/core/quorum.js';
import type { RunEvent, SourceRef, Topology } from '../types.js';
import { AcceptorReplay, type AnsweredRequest, type RequestRecord } from './acceptor.js';
import { SentReply } from './destination.js';
import type { Delivery, Destination, PooledSend } from './replay.js';

export type { AcceptorState, AnsweredRequest, ReplyJudgment, RequestRecord } from './acceptor.js';

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
  /**
   * When received lines do not name their sender (the printer-id
   * convention): the round the reply may have answered instead, as another
   * acceptor's identical reply to that round whose receive was paired
   * elsewhere. Either pairing fits the lines, so neither is held against the
   * proposer.
   */
  via?: Round;
  /** One acceptor's several replies that may have answered the round: possible when any of them is. */
  anyOf?: TwinWatch[];
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
  maybePromises: Map<number, TwinWatch[]>;
  /** prepare_acks whose sender the received line did not name that may have answered this round (see TwinWatch.via). */
  maybeOthers: TwinWatch[];
  /** Under the printer-id convention only: the prepare_acks acceptors sent for this round. */
  replies: { acceptor: number; n: number; value: string | null }[] | null;
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
  answers?: AnsweredRequest | null;
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
  /** Sent reply: the peers it may be for, which the replay pairs receives with. */
  to: Destination | null;
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
  readonly acceptors = new Map<number, AcceptorReplay>();
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

  acceptor(id: number): AcceptorReplay {
    let a = this.acceptors.get(id);
    if (!a) {
      a = new AcceptorReplay();
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
      if (send.event.type !== 'prepare_ack' || send.to === null) continue;
      for (const peer of send.to.peers) lost.add(twinKey(send.event.printer, peer, send.event.value, send.event.n));
    }
    const claimed = new Map<Round, Set<number>>();
    for (const { watches, judge } of this.deferred.splice(0)) {
      const settleWatch = (watch: TwinWatch): void => {
        if (watch.possible !== null) return;
        if (watch.anyOf) {
          watch.anyOf.forEach(settleWatch);
          watch.possible = watch.anyOf.some((w) => w.possible);
          return;
        }
        const copyLost = lost.has(twinKey(watch.acceptor, watch.proposer, watch.value, watch.n));
        watch.possible = watch.via ? otherReplyFits(watch, copyLost, claimed) : copyLost;
      };
      watches.forEach(settleWatch);
      judge();
    }
  }

  apply(event: RunEvent, delivery: Delivery): Facts {
    const excused = delivery.kind === 'orphan' && (this.unreadable.get(event.sender) ?? 0) > 0;
    // Every field present from the start: one object shape for all events keeps the rules' code fast.
    const facts: Facts = {
      delivery, excused, request: undefined, answers: undefined, round: undefined, newRound: undefined, previousRound: undefined,
      collision: undefined, reused: undefined, firstAccept: undefined, rejection: undefined, late: undefined, majorityFor: undefined, to: null,
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
      else if (type === 'prepare_ack' || type === 'accept_ack') facts.to = this.sendReply(event, facts);
    } else if (type === 'chose') {
      this.choose(event, at, facts);
    }
    return facts;
  }

  private receiveRequest(event: RunEvent, at: SourceRef): RequestRecord {
    const a = this.acceptor(event.printer);
    const state = a.state;
    const record: RequestRecord = {
      sender: event.sender, type: event.type as 'prepare' | 'accept', n: event.n, value: event.value, at,
      atReceipt: { minProposal: state.minProposal, acceptedProposal: state.acceptedProposal, acceptedValue: state.acceptedValue, acceptedFrom: state.acceptedFrom },
      round: this.proposers.get(event.sender)?.rounds.get(event.n) ?? null, reply: null,
    };
    a.receive(record);
    return record;
  }

  /** An acceptor's reply: the request it answers, and where it may go. */
  private sendReply(event: RunEvent, facts: Facts): SentReply | null {
    const acceptor = this.acceptor(event.printer);
    const reading = acceptor.reply(event);
    const answers = reading.answers;
    facts.answers = answers;
    facts.majorityFor = answers && reading.accepted ? this.countAcceptance(event.printer, answers) : null;
    if (!answers) return null;
    const options = reading.options;
    if (this.convention.kind === 'printer' && event.type === 'prepare_ack') {
      for (const request of options) request.round?.replies?.push({ acceptor: event.printer, n: event.n, value: event.value });
    }
    return new SentReply(acceptor, reading);
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
        proposer: event.printer, n: event.n, value: event.value, at, prepares: 0, promises: new Map(), maybePromises: new Map(), maybeOthers: [],
        replies: this.convention.kind === 'printer' ? [] : null, accepts: 0,
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
    for (const [acceptor, watches] of round.maybePromises) {
      if (!counts(acceptor) || round.promises.has(acceptor)) continue;
      // One acceptor is at most one vote, whichever of its replies it was.
      prepared.maybeVotes.push(watches.length === 1 ? watches[0]! : { ...watches[0]!, anyOf: watches, possible: null });
      for (const watch of watches) {
        if (watch.value !== null && (!best || watch.n > best.n)) prepared.alternatives.push({ value: watch.value, watch });
      }
    }
    for (const watch of round.maybeOthers) {
      prepared.maybeVotes.push(watch);
      if (watch.value !== null && (!best || watch.n > best.n)) prepared.alternatives.push({ value: watch.value, watch });
    }
    round.prepared = prepared;
    round.expectedValue = best ? best.value : round.value;
    round.adoptedFrom = best ? { acceptor: best.acceptor, n: best.n } : null;
    round.acceptValue = sentValue;
  }

  private receiveReply(event: RunEvent, delivery: Delivery, facts: Facts): void {
    const p = this.proposer(event.printer);
    const sent = delivery.kind === 'matched' ? (delivery.send.to as SentReply | null) : null;
    // Only a request of this proposer's counts: the replay never pairs a reply meant for another peer.
    const mine = sent ? sent.receivedBy(event.printer) : [];
    const answers = mine[0] ?? null;
    const round = answers ? (answers.round ?? p.rounds.get(answers.n) ?? null) : sent ? null : p.latest;
    facts.round = round;
    if (!round) return;
    if (event.type === 'prepare_ack') {
      facts.late = round.accepts > 0;
      if (!facts.late && !round.promises.has(event.sender)) round.promises.set(event.sender, { n: event.n, value: event.value });
      // Paired with a copy answering an older round: if that copy was lost, this reply answers the round now waiting for replies.
      const latest = p.latest;
      if (!answers || !latest || latest === round || latest.accepts > 0) return;
      // The acceptor's lines also allow that it answered the waiting round's request, having dropped the older one.
      const possible = mine.some((request) => request.round === latest) ? true : null;
      if (latest.replies !== null) {
        // The received line did not name its sender: it may as well be any acceptor's identical reply to the waiting round.
        latest.maybeOthers.push({ acceptor: event.sender, proposer: event.printer, value: event.value, n: event.n, via: latest, possible });
      } else if (!latest.promises.has(event.sender)) {
        let watches = latest.maybePromises.get(event.sender);
        if (!watches) {
          watches = [];
          latest.maybePromises.set(event.sender, watches);
        }
        const same = watches.find((w) => w.n === event.n && w.value === event.value);
        if (!same) watches.push({ acceptor: event.sender, proposer: event.printer, value: event.value, n: event.n, possible });
        else if (possible) same.possible = true;
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

/**
 * A reply whose receive did not name its sender may have been some
 * acceptor's identical reply to the watched round whose receive was paired
 * elsewhere, so not counted for that round (or, as for any twin, a later
 * copy from the same acceptor whose earlier one was lost). Each acceptor
 * vouches for one watch of a round, and none already counted does.
 */
function otherReplyFits(watch: TwinWatch, copyLost: boolean, claimed: Map<Round, Set<number>>): boolean {
  const round = watch.via!;
  let used = claimed.get(round);
  if (!used) {
    used = new Set();
    claimed.set(round, used);
  }
  const free = (acceptor: number): boolean => !round.promises.has(acceptor) && !used.has(acceptor);
  let voucher: number | undefined;
  if (copyLost && free(watch.acceptor)) voucher = watch.acceptor;
  else voucher = round.replies?.find((r) => r.n === watch.n && r.value === watch.value && free(r.acceptor))?.acceptor;
  if (voucher === undefined) return false;
  used.add(voucher);
  return true;
}

function twinKey(acceptor: number, proposer: number, value: string | null, n: number): string {
  return `${acceptor}>${proposer}:${n}:${value === null ? '-' : `"${value}`}`;
}
