// The proposer's side of slide 45 (steps 1, 2, 4, 5, 7) as a state machine.
// It never sends or prints by itself: it appends to the CoreOutput it is given.
//
//   idle --propose--> preparing --majority of prepare_acks--> accepting
//   accepting --majority of accept_acks, no rejection--> chosen
//   accepting --an accept_ack with result > n--> backing-off --retry--> preparing

import { choseLine, messageLine } from './lines.js';
import { isMajority, majority } from './quorum.js';
import { isProposalNumber, MAX_ROUND, proposalNumber, splitProposal } from './proposal-number.js';
import type { CoreOutput, WireMessage } from './types.js';

export type ProposerPhase = 'idle' | 'preparing' | 'accepting' | 'backing-off' | 'chosen';

/** Back-off before round k+1 after k abandoned rounds: uniform in [min, min(cap, base * 2^(k-1))]. */
export const RETRY_MIN_MS = 10;
export const RETRY_BASE_MAX_MS = 100;
/** The longest back-off the core ever asks for; an acceptor's quiet period must exceed it. */
export const RETRY_MAX_MS = 1000;

export function retryWindowMs(abandonedRounds: number): { minMs: number; maxMs: number } {
  const maxMs = Math.min(RETRY_MAX_MS, RETRY_BASE_MAX_MS * 2 ** Math.max(0, abandonedRounds - 1));
  return { minMs: RETRY_MIN_MS, maxMs };
}

interface PrepareReply {
  acceptedProposal: number;
  acceptedValue: string | null;
}

export interface ProposerStatus {
  phase: ProposerPhase;
  round: number;
  /** n of the current (or last) round; 0 before the first. */
  proposal: number;
  /** The value of the accept phase, after adoption; null before it. */
  value: string | null;
  /** Requests sent whose replies have not arrived yet, over all acceptors. */
  pendingReplies: number;
}

export class Proposer {
  private phase: ProposerPhase = 'idle';
  private ownValue: string | null = null;
  private round = 0;
  private proposal = 0;
  private value: string | null = null;
  private highestRoundSeen = 0;
  private abandonedRounds = 0;
  private retryRound = 0;
  private readonly promises = new Map<number, PrepareReply>();
  private readonly acceptedBy = new Set<number>();
  // Replies carry no n of their own: requests still owed a reply, per acceptor, oldest first.
  private readonly pendingPrepares = new Map<number, number[]>();
  private readonly pendingAccepts = new Map<number, number[]>();

  constructor(
    private readonly selfId: number,
    private readonly acceptorIds: readonly number[],
  ) {
    if (acceptorIds.length === 0) throw new Error(`proposer ${selfId} has no acceptors`);
    majority(acceptorIds.length); // validates the count
    for (const id of acceptorIds) {
      this.pendingPrepares.set(id, []);
      this.pendingAccepts.set(id, []);
    }
  }

  status(): ProposerStatus {
    let pendingReplies = 0;
    for (const queue of [...this.pendingPrepares.values(), ...this.pendingAccepts.values()]) {
      pendingReplies += queue.length;
    }
    return { phase: this.phase, round: this.round, proposal: this.proposal, value: this.value, pendingReplies };
  }

  isAcceptor(peerId: number): boolean {
    return this.pendingPrepares.has(peerId);
  }

  /** Steps 1-2 for the first round. */
  propose(value: string, out: CoreOutput): void {
    if (this.phase !== 'idle') {
      out.warnings.push(`ignored propose(${JSON.stringify(value)}): already proposing`);
      return;
    }
    this.ownValue = value;
    this.startRound(1, out);
  }

  retry(round: number, out: CoreOutput): void {
    if (this.phase !== 'backing-off' || round !== this.retryRound) {
      out.warnings.push(`ignored retry for round ${round}: not waiting for it`);
      return;
    }
    this.startRound(round, out);
  }

  /** Step 4. */
  onPrepareAck(message: WireMessage, out: CoreOutput): void {
    const from = message.peer_id;
    const answered = this.takeReply(this.pendingPrepares, message, out);
    if (answered !== this.proposal || this.phase !== 'preparing') return; // unsolicited, stale, or late for this n
    if ((message.proposal_num === 0) !== (message.message_value === null)) {
      out.warnings.push(
        `ignored prepare_ack from peer ${from}: acceptedProposal ${message.proposal_num} ` +
          `with acceptedValue ${JSON.stringify(message.message_value)}`,
      );
      return;
    }
    this.promises.set(from, { acceptedProposal: message.proposal_num, acceptedValue: message.message_value });
    if (!isMajority(this.promises.size, this.acceptorIds.length)) return;

    this.value = this.adoptedValue();
    this.phase = 'accepting';
    for (const to of this.acceptorIds) {
      this.request(to, 'accept', this.value, out);
      this.pendingAccepts.get(to)!.push(this.proposal);
    }
  }

  /** Step 7. */
  onAcceptAck(message: WireMessage, out: CoreOutput): void {
    const from = message.peer_id;
    const answered = this.takeReply(this.pendingAccepts, message, out);
    if (answered !== this.proposal || this.phase !== 'accepting') return; // unsolicited, stale, or late after the decision
    const minProposal = message.proposal_num;
    if (minProposal > this.proposal) {
      this.abandonRound(`peer ${from} answered accept ${this.proposal} with minProposal ${minProposal}`, out);
      return;
    }
    if (minProposal < this.proposal) {
      out.warnings.push(
        `ignored accept_ack from peer ${from}: minProposal ${minProposal} is below the n ${this.proposal} it just accepted`,
      );
      return;
    }
    this.acceptedBy.add(from);
    if (!isMajority(this.acceptedBy.size, this.acceptorIds.length)) return;

    this.phase = 'chosen';
    const value = this.value!;
    out.print.push(choseLine(this.selfId, value, this.proposal));
    out.chose = { value, proposal: this.proposal };
  }

  /** Replies owed by `peerId` are lost; abandon the round if it can no longer reach a majority. */
  onDisconnected(peerId: number, out: CoreOutput): void {
    if (!this.isAcceptor(peerId)) return;
    this.pendingPrepares.set(peerId, []);
    this.pendingAccepts.set(peerId, []);
    const stillPossible = (votes: number, pending: Map<number, number[]>): boolean => {
      let owed = 0;
      for (const queue of pending.values()) if (queue.includes(this.proposal)) owed++;
      return isMajority(votes + owed, this.acceptorIds.length);
    };
    if (this.phase === 'preparing' && !stillPossible(this.promises.size, this.pendingPrepares)) {
      this.abandonRound(`lost the link to peer ${peerId}; no majority of prepare_acks can come`, out);
    } else if (this.phase === 'accepting' && !stillPossible(this.acceptedBy.size, this.pendingAccepts)) {
      this.abandonRound(`lost the link to peer ${peerId}; no majority of accept_acks can come`, out);
    }
  }

  /** Step 4's adoption: the value of the highest acceptedProposal reported, else our own. */
  private adoptedValue(): string {
    let best: PrepareReply | null = null;
    for (const promise of this.promises.values()) {
      if (promise.acceptedProposal > 0 && (best === null || promise.acceptedProposal > best.acceptedProposal)) {
        best = promise;
      }
    }
    return best?.acceptedValue ?? this.ownValue!;
  }

  /** Steps 1-2: a new n from `round`, prepare(n, ownValue) to each acceptor. */
  private startRound(round: number, out: CoreOutput): void {
    this.round = round;
    this.proposal = proposalNumber(round, this.selfId);
    this.value = null;
    this.promises.clear();
    this.acceptedBy.clear();
    this.phase = 'preparing';
    for (const to of this.acceptorIds) {
      this.request(to, 'prepare', this.ownValue!, out);
      this.pendingPrepares.get(to)!.push(this.proposal);
    }
  }

  private abandonRound(reason: string, out: CoreOutput): void {
    this.phase = 'backing-off';
    this.abandonedRounds++;
    const nextRound = Math.max(this.round, this.highestRoundSeen) + 1;
    if (nextRound > MAX_ROUND) {
      // Only a peer that promised the last round can cause this; no number can outbid it.
      this.retryRound = 0;
      out.warnings.push(`round ${this.round} abandoned (${reason}); no round above ${MAX_ROUND} exists, so no retry`);
      return;
    }
    this.retryRound = nextRound;
    out.warnings.push(`round ${this.round} abandoned (${reason}); next round ${this.retryRound} after a back-off`);
    out.retryAfter = { round: this.retryRound, ...retryWindowMs(this.abandonedRounds) };
  }

  /** The n of the request `reply` answers (the oldest one owed by its sender), or undefined if none is owed. */
  private takeReply(pending: Map<number, number[]>, reply: WireMessage, out: CoreOutput): number | undefined {
    const answered = pending.get(reply.peer_id)?.shift();
    if (answered === undefined) {
      out.warnings.push(`ignored ${reply.message_type} from peer ${reply.peer_id}: no request of ours awaits its reply`);
      return undefined;
    }
    // The wire refuses such numbers; an edge that skips its checks must not make the core throw.
    if (!isProposalNumber(reply.proposal_num)) {
      out.warnings.push(`ignored ${reply.message_type} from peer ${reply.peer_id}: ${reply.proposal_num} is not a proposal number`);
      return undefined;
    }
    this.noteRound(reply.proposal_num);
    return answered;
  }

  private noteRound(proposal: number): void {
    this.highestRoundSeen = Math.max(this.highestRoundSeen, splitProposal(proposal).round);
  }

  private request(to: number, type: 'prepare' | 'accept', value: string, out: CoreOutput): void {
    const message: WireMessage = {
      peer_id: this.selfId,
      message_type: type,
      message_value: value,
      proposal_num: this.proposal,
    };
    out.print.push(messageLine('sent', message));
    out.send.push({ to, message });
  }
}
