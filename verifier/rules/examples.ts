// Compact notation for the small transcripts in rule examples, so that an
// example reads like the run it describes:
//   "1 sent prepare X 101"            peer1 printed that it sent prepare(101, X)
//   "2 received prepare X 101 from 1" peer2 printed that it received it from peer1
//   "2 sent prepare_ack - 0"          '-' is null
//   "1 chose X 101"
// Any other line is taken verbatim. Each becomes `peerN  | {json}`, the
// container_name prefix the handed-out Compose files produce.

const NOTATION = /^(\d+) (sent|received|chose) (?:(\S+) )?(\S+) (\d+)(?: from (\d+))?$/;

export function line(spec: string): string {
  const m = NOTATION.exec(spec);
  if (!m) return spec;
  const [, printer, action, typeText, valueText, n, from] = m;
  const type = action === 'chose' ? 'chose' : typeText;
  const value = valueText === '-' ? null : valueText;
  const peerId = action === 'received' ? Number(from) : Number(printer);
  const json = JSON.stringify({ peer_id: peerId, action, message_type: type, message_value: value, proposal_num: Number(n) });
  return `peer${printer}  | ${json}`;
}

export function log(specs: readonly string[]): string {
  return specs.map(line).join('\n') + '\n';
}

/** Testcase 1 done right: peer1 proposes X to acceptors 2, 3, 4. */
export const TC1_RUN: readonly string[] = [
  '1 sent prepare X 101',
  '1 sent prepare X 101',
  '1 sent prepare X 101',
  '2 received prepare X 101 from 1',
  '2 sent prepare_ack - 0',
  '3 received prepare X 101 from 1',
  '3 sent prepare_ack - 0',
  '4 received prepare X 101 from 1',
  '4 sent prepare_ack - 0',
  '1 received prepare_ack - 0 from 2',
  '1 received prepare_ack - 0 from 3',
  '1 sent accept X 101',
  '1 sent accept X 101',
  '1 sent accept X 101',
  '1 received prepare_ack - 0 from 4',
  '2 received accept X 101 from 1',
  '2 sent accept_ack X 101',
  '3 received accept X 101 from 1',
  '3 sent accept_ack X 101',
  '4 received accept X 101 from 1',
  '4 sent accept_ack X 101',
  '1 received accept_ack X 101 from 2',
  '1 received accept_ack X 101 from 3',
  '1 chose X 101',
  '1 received accept_ack X 101 from 4',
];

/** Testcase 2 done right: peer5 prepares after peer3 accepted (101, X), and adopts X. */
export const TC2_RUN: readonly string[] = [
  ...TC1_RUN,
  '5 sent prepare Y 105',
  '5 sent prepare Y 105',
  '5 sent prepare Y 105',
  '2 received prepare Y 105 from 5',
  '2 sent prepare_ack X 101',
  '3 received prepare Y 105 from 5',
  '3 sent prepare_ack X 101',
  '4 received prepare Y 105 from 5',
  '4 sent prepare_ack X 101',
  '5 received prepare_ack X 101 from 2',
  '5 received prepare_ack X 101 from 3',
  '5 sent accept X 105',
  '5 sent accept X 105',
  '5 sent accept X 105',
  '5 received prepare_ack X 101 from 4',
  '2 received accept X 105 from 5',
  '2 sent accept_ack X 105',
  '3 received accept X 105 from 5',
  '3 sent accept_ack X 105',
  '4 received accept X 105 from 5',
  '4 sent accept_ack X 105',
  '5 received accept_ack X 105 from 2',
  '5 received accept_ack X 105 from 3',
  '5 chose X 105',
  '5 received accept_ack X 105 from 4',
];

/** A copy of `specs` with the line at `index` replaced by zero or more lines. */
export function replaced(specs: readonly string[], index: number, ...replacement: string[]): string[] {
  return [...specs.slice(0, index), ...replacement, ...specs.slice(index + 1)];
}

/** Index of the first line equal to `spec` (throws when absent, to keep examples honest). */
export function at(specs: readonly string[], spec: string): number {
  const i = specs.indexOf(spec);
  if (i < 0) throw new Error(`example line not found: ${spec}`);
  return i;
}

/**
 * Testcase 2 where peer4 prints peer5's prepare as it arrives, before it has
 * answered peer1's accept (a reader thread), then answers both in order:
 * accept_ack(101, X), then prepare_ack(101, X). Its replies, not its received
 * lines, are the order it handled them in: correct.
 */
export const PRINTS_ON_ARRIVAL_TC2: readonly string[] = TC2_RUN.flatMap((s) =>
  s === '4 received accept X 101 from 1' ? [s, '4 received prepare Y 105 from 5'] : s === '4 received prepare Y 105 from 5' ? [] : [s]);

/** The same, but peer4 answers the prepare first, with (0, null), and then acknowledges accept(101): it broke its promise of 105. */
export const PROMISE_THEN_ACCEPT_TC2: readonly string[] = PRINTS_ON_ARRIVAL_TC2.flatMap((s) =>
  s === '4 sent accept_ack X 101' ? ['4 sent prepare_ack - 0', s]
    : s === '4 sent prepare_ack X 101' ? []
      : s === '5 received prepare_ack X 101 from 4' ? ['5 received prepare_ack - 0 from 4'] : [s]);

/**
 * After testcase 2 chose X, acceptor peer3 (no proposer role) runs a round of
 * its own with Y at 203 over peers 2 and 4, ignores the (105, X) they report,
 * and gets Y accepted by a majority of the acceptors: a second value chosen.
 */
export const ROGUE_ACCEPTOR_ROUND: readonly string[] = [
  '3 sent prepare Y 203',
  '3 sent prepare Y 203',
  '2 received prepare Y 203 from 3',
  '2 sent prepare_ack X 105',
  '4 received prepare Y 203 from 3',
  '4 sent prepare_ack X 105',
  '3 received prepare_ack X 105 from 2',
  '3 received prepare_ack X 105 from 4',
  '3 sent accept Y 203',
  '3 sent accept Y 203',
  '2 received accept Y 203 from 3',
  '2 sent accept_ack Y 203',
  '4 received accept Y 203 from 3',
  '4 sent accept_ack Y 203',
  '3 received accept_ack Y 203 from 2',
  '3 received accept_ack Y 203 from 4',
];
