// The contract between the pure Paxos core and the edges that drive it
// (the TCP peer in peer/, the simulator in sim/). The core never touches
// sockets, timers, clocks, randomness or files: it takes one input and
// returns what the edge must do.
//
// Channels: replies carry no proposal number of their own (a prepare_ack says
// acceptedProposal, an accept_ack says minProposal), so a proposer matches each
// reply to its request by order. The edge must therefore deliver messages
// between two peers in the order they were sent (TCP does), and report a
// broken link with `disconnected` so the core forgets the replies it was owed.

import type { TranscriptLine } from '../../schemas/generated/transcript-line.js';

export type { TranscriptLine };

/** The four Paxos messages of slide 45. */
export type MessageType = 'prepare' | 'prepare_ack' | 'accept' | 'accept_ack';

/**
 * A message on the wire: a transcript line without `action`, so that printing
 * it "verbatim" is literally true. `peer_id` is always the sender.
 */
export interface WireMessage {
  peer_id: number;
  message_type: MessageType;
  message_value: string | null;
  proposal_num: number;
}

/** What an acceptor must keep on stable storage (slide 45's note). */
export interface AcceptorState {
  minProposal: number;
  acceptedProposal: number;
  acceptedValue: string | null;
}

/** Roles of one peer, read from its hostsfile line. */
export interface PeerRoles {
  /** K of `proposerK`, if this peer is a proposer. */
  proposerOf: number | null;
  /** Every K of `acceptorK` this peer holds. */
  acceptorOf: number[];
  /** Every K of `learnerK` this peer holds. */
  learnerOf: number[];
}

/** Everything the core needs to know about the configuration. */
export interface CoreConfig {
  selfId: number;
  roles: PeerRoles;
  /** For a proposer: ids of the peers holding `acceptorK` for its K. */
  acceptorIds: number[];
  /** Proposer ids (peers holding proposerK) whose K this peer accepts for. */
  proposerIdsServed: number[];
}

/** Inputs the edge feeds to the core, one at a time. */
export type CoreInput =
  /** The proposer's start signal (after `-t` has elapsed, and its acceptors can be reached). */
  | { kind: 'propose'; value: string }
  /** A message arrived from peer `message.peer_id`. */
  | { kind: 'receive'; message: WireMessage }
  /** A back-off timer the core asked for has fired. */
  | { kind: 'retry'; round: number }
  /**
   * The link to peer `peerId` broke: messages to and from it may have been
   * lost, so replies still owed by it will never come.
   */
  | { kind: 'disconnected'; peerId: number };

/** What the edge must do after one input, in this order: persist, print, send, schedule. */
export interface CoreOutput {
  /** Acceptor state to write to stable storage BEFORE any send below. */
  persist: AcceptorState | null;
  /** Transcript lines to print on stdout, in order. */
  print: TranscriptLine[];
  /** Messages to send; `to` is the receiving peer's id. */
  send: { to: number; message: WireMessage }[];
  /**
   * A randomised back-off before the next round (slide 26 livelock): the edge
   * waits a uniformly random time in [minMs, maxMs], then feeds `retry`.
   */
  retryAfter: { round: number; minMs: number; maxMs: number } | null;
  /** Set once, when this peer (a proposer) learns its value is chosen. */
  chose: { value: string; proposal: number } | null;
  /** Inputs the core ignored and why (stale, unsolicited, from a stranger): for stderr. */
  warnings: string[];
}
