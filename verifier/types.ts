// Types shared by the verifier's stages. The report's own shapes come from
// schemas/report.schema.json (generated), so they are written down once.

import type {
  Category,
  Finding,
  InputSummary,
  Severity,
  VerifierReport,
} from '../schemas/generated/report.js';

export type { Category, Finding, InputSummary, Severity, VerifierReport };
export type Report = VerifierReport;

export type Profile = 'strict' | 'lenient';
export type MessageType = 'prepare' | 'prepare_ack' | 'accept' | 'accept_ack';
export type Action = 'sent' | 'received' | 'chose';
export type EventType = MessageType | 'chose';

/** A place in the input: file name as given and 1-based line. */
export interface SourceRef {
  file: string;
  line: number;
}

/**
 * One transcript line after parsing and normalisation: what the printing peer
 * did. `n` is the proposal number as an integer (decimal `r.i` becomes
 * r*100+i, the reference encoding, so both compare the same way).
 */
export interface RunEvent {
  /** Position in ingestion order, unique in a run. */
  id: number;
  /** Peer that printed the line. */
  printer: number;
  /** Position in the printer's own order (0-based). */
  seq: number;
  action: Action;
  type: EventType;
  /** peer_id as printed (after normalisation). */
  peerId: number;
  /** Who sent the message: printer for sent and chose, peerId for received (or inferred). */
  sender: number;
  value: string | null;
  n: number;
  file: string;
  line: number;
  /** The JSON text as printed; kept only when the run model is requested. */
  raw: string | null;
}

/** What rules may ask about the configuration (from the hostsfile). */
export interface Topology {
  readonly peers: readonly { id: number; host: string; roles: string[] }[];
  /** Ids of the peers holding acceptorK for proposer `proposerId`'s K. */
  acceptorsOf(proposerId: number): readonly number[];
  /** Every acceptorK group of the hostsfile (whether or not proposerK exists), each listed once: the sets a majority can choose a value in. */
  acceptorSets(): readonly (readonly number[])[];
  isProposer(peerId: number): boolean;
  isAcceptor(peerId: number): boolean;
  /** Peers with a proposer or acceptor role: everyone else prints nothing. */
  isParticipant(peerId: number): boolean;
  proposers(): readonly number[];
  /** Peer id of a Compose container or host name, or null. */
  peerOfName(name: string): number | null;
}
