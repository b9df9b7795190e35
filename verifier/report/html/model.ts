// What the diagram needs to know about a run. Kept small and separate from the
// verifier's own structures so the page can be rendered from any source of
// events (the verifier's run model, a simulator's trace, a test's hand-made run).

import type { Finding } from '../../types.js';

export interface DiagramEvent {
  /** Unique in the run; messages and findings refer to it. */
  id: number;
  /** Peer that printed the line: the event's lane. */
  printer: number;
  /** Position in the printer's own order (0-based). */
  seq: number;
  action: 'sent' | 'received' | 'chose';
  type: string;
  value: string | null;
  n: number;
  /** Input the line came from, as given, and its 1-based line. */
  file: string;
  line: number;
  /** The line as printed, when known. */
  raw: string | null;
}

/** A send paired with the receive of the same message. */
export interface DiagramMessage {
  sendId: number;
  receiveId: number;
}

export type DiagramFinding = Pick<
  Finding,
  'ruleId' | 'severity' | 'message' | 'hint' | 'file' | 'line' | 'peer' | 'eventId' | 'occurrences'
>;

export interface DiagramRun {
  /** Headline of the page, e.g. the submission and testcase. */
  title: string;
  verdict: 'pass' | 'fail' | null;
  /** One line under the title: scenario, profile, counts. */
  summary: string;
  /** Lanes, in order; a peer that printed nothing still gets its lane. */
  peers: readonly number[];
  /** Roles of each peer from the hostsfile, shown in the lane header. */
  roles: Readonly<Record<number, readonly string[]>>;
  events: readonly DiagramEvent[];
  messages: readonly DiagramMessage[];
  findings: readonly DiagramFinding[];
}
