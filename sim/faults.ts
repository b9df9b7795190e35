// Fault settings and the text forms of --partition and --crash. Times are
// milliseconds of simulated time from the start of the run.

export interface PartitionSpec {
  /** Messages from these peers ... */
  from: number[];
  /** ... to these peers are held (TCP keeps retransmitting) until the partition heals. */
  to: number[];
  /** False: the partition also holds messages from `to` to `from`. */
  oneWay: boolean;
  startMs: number;
  /** Null: never heals. */
  healMs: number | null;
}

export interface CrashSpec {
  peer: number;
  atMs: number;
  /** Null: the peer stays down. */
  restartMs: number | null;
}

export interface FaultSettings {
  /** Chance that a copy of a message is lost and TCP retransmits it after a timeout. */
  dropRate: number;
  /** Chance that a message is lost for good: the link breaks, as a reset TCP connection does. */
  loseRate: number;
  /** Chance that a message is delivered twice (outside the core's channel contract; see docs/simulator.md). */
  dupRate: number;
  partitions: PartitionSpec[];
  crashes: CrashSpec[];
  /** Draw one partition (or none) from the schedule's choices. */
  randomPartition: boolean;
  /** Draw one acceptor crash and restart (or none) from the schedule's choices. */
  randomCrash: boolean;
  /** Honour the core's persist output: a restarted acceptor gets its state back. */
  persist: boolean;
}

export function noFaults(): FaultSettings {
  return {
    dropRate: 0,
    loseRate: 0,
    dupRate: 0,
    partitions: [],
    crashes: [],
    randomPartition: false,
    randomCrash: false,
    persist: true,
  };
}

/**
 * Faults within the lab's transport contract (every message arrives, in
 * order, exactly once, however late): lost copies that TCP retransmits, and
 * partitions that heal. The no-false-alarm sweep runs with these.
 */
export function reliableFaults(): FaultSettings {
  return { ...noFaults(), dropRate: 0.1, randomPartition: true };
}

/** Reliable faults plus messages lost for good: broken links and acceptor crashes (state kept). */
export function lossyFaults(): FaultSettings {
  return { ...reliableFaults(), loseRate: 0.03, randomCrash: true };
}

export const FAULT_PRESETS = { none: noFaults, reliable: reliableFaults, lossy: lossyFaults } as const;
export type FaultPreset = keyof typeof FAULT_PRESETS;

export class FaultSpecError extends Error {
  override name = 'FaultSpecError';
}

const PEERS = /^\d{1,2}(,\d{1,2})*$/;
const WINDOW = /^(\d+)(?:-(\d+))?$/;

function parseWindow(text: string, spec: string, flag: string): { startMs: number; endMs: number | null } {
  const match = WINDOW.exec(text);
  if (!match) throw new FaultSpecError(`${flag} ${JSON.stringify(spec)}: expected START or START-END in ms after '@'`);
  const startMs = Number(match[1]);
  const endMs = match[2] === undefined ? null : Number(match[2]);
  if (endMs !== null && endMs <= startMs) {
    throw new FaultSpecError(`${flag} ${JSON.stringify(spec)}: the end (${endMs}) must come after the start (${startMs})`);
  }
  return { startMs, endMs };
}

function parsePeers(text: string, spec: string, flag: string): number[] {
  if (!PEERS.test(text)) throw new FaultSpecError(`${flag} ${JSON.stringify(spec)}: expected peer ids like 1,2`);
  return text.split(',').map(Number);
}

/**
 * `1,2/3,4,5@100-500`: peers 1,2 and 3,4,5 cannot reach each other from 100 ms
 * to 500 ms; `1>3,4@100-500` holds only messages from 1 to 3 and 4 (one-way);
 * no `-END`: never heals. `flag` names the source in errors.
 */
export function parsePartition(spec: string, peerIds: readonly number[], flag = '--partition'): PartitionSpec {
  const at = spec.indexOf('@');
  if (at < 0) throw new FaultSpecError(`${flag} ${JSON.stringify(spec)}: expected GROUP/GROUP@START-END or GROUP>GROUP@START-END`);
  const groups = spec.slice(0, at);
  const separator = groups.includes('>') ? '>' : '/';
  const sides = groups.split(separator);
  if (sides.length !== 2) {
    throw new FaultSpecError(`${flag} ${JSON.stringify(spec)}: expected two groups separated by '/' or '>'`);
  }
  const from = parsePeers(sides[0]!, spec, flag);
  const to = parsePeers(sides[1]!, spec, flag);
  for (const id of [...from, ...to]) {
    if (!peerIds.includes(id)) throw new FaultSpecError(`${flag} ${JSON.stringify(spec)}: there is no peer ${id} in the hostsfile`);
  }
  if (from.some((id) => to.includes(id))) throw new FaultSpecError(`${flag} ${JSON.stringify(spec)}: a peer is on both sides`);
  const { startMs, endMs } = parseWindow(spec.slice(at + 1), spec, flag);
  return { from, to, oneWay: separator === '>', startMs, healMs: endMs };
}

/** `3@100-400`: peer 3 crashes at 100 ms and restarts at 400 ms; `3@100`: it stays down. */
export function parseCrash(spec: string, acceptorOnlyIds: readonly number[], flag = '--crash'): CrashSpec {
  const match = /^(\d{1,2})@(.+)$/.exec(spec);
  if (!match) throw new FaultSpecError(`${flag} ${JSON.stringify(spec)}: expected PEER@START-END, like 3@100-400`);
  const peer = Number(match[1]);
  if (!acceptorOnlyIds.includes(peer)) {
    throw new FaultSpecError(
      `${flag} ${JSON.stringify(spec)}: peer ${peer} is not an acceptor without a proposer role (those are ${acceptorOnlyIds.join(', ') || 'none'})`,
    );
  }
  const { startMs, endMs } = parseWindow(match[2]!, spec, flag);
  return { peer, atMs: startMs, restartMs: endMs };
}

/** The text form parsePartition reads. */
export function partitionText(p: PartitionSpec): string {
  return `${p.from.join(',')}${p.oneWay ? '>' : '/'}${p.to.join(',')}@${p.startMs}${p.healMs === null ? '' : `-${p.healMs}`}`;
}

/** The text form parseCrash reads. */
export function crashText(c: CrashSpec): string {
  return `${c.peer}@${c.atMs}${c.restartMs === null ? '' : `-${c.restartMs}`}`;
}

/** A rate flag: a number from 0 to 1. */
export function parseRate(text: string, flag: string): number {
  const rate = /^(0(\.\d+)?|1(\.0*)?|\.\d+)$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isFinite(rate)) throw new FaultSpecError(`${flag} expects a rate from 0 to 1, got ${JSON.stringify(text)}`);
  return rate;
}
