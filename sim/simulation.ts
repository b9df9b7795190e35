// One simulated run: the peers' cores (the real PaxosCore, or a mutant
// wrapping it), a network of FIFO channels (one per ordered pair, as one TCP
// connection per pair gives), timers, faults, and a scheduler that asks the
// ChoiceSource for every nondeterministic decision. Nothing here reads a
// clock or Math.random: the same choices give the same run, byte for byte.
//
// Two ways to pick the next step:
// - timed: every message gets a latency, every timer a time; the earliest
//   event goes next (ties broken by a fixed order). Faults live here.
// - untimed (for exhaustive search): any deliverable channel head or pending
//   timer may go next, and the choice of which is the schedule.

import type { CoreStatus } from '../peer/core/paxos-core.js';
import type { AcceptorState, CoreConfig, CoreInput, CoreOutput, TranscriptLine, WireMessage } from '../peer/core/types.js';
import { majority } from '../peer/core/quorum.js';
import { coreConfigFor, type HostEntry } from '../peer/hostsfile.js';
import { between, chance, type ChoiceSource, type StepOption } from './choices.js';
import { realCore, type CoreFactory, type CoreLike } from './core-like.js';
import type { FaultSettings, PartitionSpec, CrashSpec } from './faults.js';
import { noFaults } from './faults.js';
import { MergedLog } from './merged-log.js';

/** A latency the scenario fixes for one message; undefined leaves it to the schedule. */
export type ScriptedLatency = (send: { from: number; to: number; message: WireMessage; sentAtMs: number }) => number | undefined;

export interface SimSettings {
  hosts: readonly HostEntry[];
  /** Value of proposerK is values[K-1]. */
  values: readonly string[];
  /** The -t of proposer 2, in seconds of simulated time. */
  delaySeconds: number;
  faults: FaultSettings;
  latency: { minMs: number; maxMs: number };
  /** A proposer starts up to this many ms late (drawn), so starts race. */
  startJitterMs: number;
  /** 'random': the core's back-off window, drawn; 'none': retry at once (duelling proposers can livelock). */
  backoff: 'random' | 'none';
  maxSteps: number;
  mode: 'timed' | 'untimed';
  /** Untimed mode: a proposer's retries beyond this round are not scheduled (bounds the search). */
  maxRounds: number;
  /** Untimed mode: once every proposer has chosen, deliver what is left in one fixed order (bounds the search). */
  fixedOrderAfterDecision: boolean;
  /** Untimed mode: replies reach their proposer as soon as they are sent, so only the order of requests at acceptors varies (bounds the search). */
  instantReplies: boolean;
  coreFactory: CoreFactory;
  /** A restarted acceptor forgets its state even when persist is on (the forgetful mutant). */
  forgetOnRestart: boolean;
  scriptedLatency: ScriptedLatency | null;
}

export function defaultSettings(hosts: readonly HostEntry[]): SimSettings {
  return {
    hosts,
    values: ['X', 'Y'],
    delaySeconds: 0,
    faults: noFaults(),
    latency: { minMs: 1, maxMs: 10 },
    startJitterMs: 0,
    backoff: 'random',
    maxSteps: 10_000,
    mode: 'timed',
    maxRounds: 3,
    fixedOrderAfterDecision: true,
    instantReplies: true,
    coreFactory: realCore,
    forgetOnRestart: false,
    scriptedLatency: null,
  };
}

/** TCP's first retransmission timeout (Linux's minimum RTO); doubled on each further loss. */
export const RETRANSMIT_MS = 200;
/**
 * A random crash or partition starts within this many ms of one proposer's
 * start (drawn: the delayed proposer's round is as exposed as the first's),
 * and lasts at most RANDOM_FAULT_LENGTH_MS.
 */
const RANDOM_FAULT_START_MS = 40;
const RANDOM_FAULT_LENGTH_MS = 400;
/** The real peer redials a broken link after 50 ms, doubling up to 1 s between attempts (peer/transport.ts). */
const REDIAL_FIRST_MS = 50;
const REDIAL_MAX_MS = 1000;

export interface SimResult {
  /** The Compose-merged transcript, one string per line, no newlines. */
  log: string[];
  /** Simulated ms at which each line of `log` was printed. */
  logAtMs: number[];
  /** Each peer's transcript lines in its own order. */
  perPeer: Map<number, TranscriptLine[]>;
  /** Value each proposer printed `chose` for. */
  chosen: Map<number, string>;
  /** True when every event was handled; false when --max-steps cut the run off. */
  quiescent: boolean;
  steps: number;
  endMs: number;
  /** The choices made: with the seed (or alone), they replay the run. */
  choices: number[];
  /** Partitions and crashes actually applied (given, or drawn). */
  partitions: PartitionSpec[];
  crashes: CrashSpec[];
}

interface Flight {
  message: WireMessage;
  readyAtMs: number;
  /** The link breaks when this copy's turn comes (permanent loss). */
  lost: boolean;
  seq: number;
}

interface Channel {
  from: number;
  to: number;
  flights: Flight[];
}

interface Timer {
  atMs: number;
  peer: number;
  input: CoreInput;
  seq: number;
}

interface SimPeer {
  entry: HostEntry;
  config: CoreConfig;
  core: CoreLike | null;
  up: boolean;
  /** What the acceptor wrote to stable storage last. */
  storedState: AcceptorState | null;
  restartAtMs: number | null;
  /** When it last came up (0, or its latest restart). */
  upSinceMs: number;
  lastActiveMs: number;
  crashedForGood: boolean;
}

type Candidate =
  | { kind: 'deliver'; atMs: number; channel: Channel }
  | { kind: 'timer'; atMs: number; timer: Timer }
  | { kind: 'crash'; atMs: number; crash: CrashSpec }
  | { kind: 'restart'; atMs: number; crash: CrashSpec };

/** Runs to quiescence or maxSteps. */
export function simulate(settings: SimSettings, choices: ChoiceSource): SimResult {
  return new Simulation(settings, choices).run();
}

export class Simulation {
  private readonly peers = new Map<number, SimPeer>();
  private readonly channels = new Map<string, Channel>();
  private readonly timers: Timer[] = [];
  private readonly pendingCrashes: CrashSpec[] = [];
  private readonly pendingRestarts: CrashSpec[] = [];
  /** `proposer>acceptor` -> when that connection broke; requests wait for the redial meanwhile. */
  private readonly brokenAtMs = new Map<string, number>();
  private readonly partitions: PartitionSpec[];
  private readonly crashes: CrashSpec[];
  private readonly log: MergedLog;
  private nowMs = 0;
  private seq = 0;
  private steps = 0;

  constructor(
    private readonly settings: SimSettings,
    private readonly choices: ChoiceSource,
  ) {
    const { hosts } = settings;
    this.log = new MergedLog(hosts.map((entry) => entry.host));
    for (const entry of hosts) {
      const config = coreConfigFor(hosts, entry.id);
      const participates = config.roles.proposerOf !== null || config.proposerIdsServed.length > 0;
      this.peers.set(entry.id, {
        entry,
        config,
        core: participates ? settings.coreFactory(config, undefined) : null,
        up: participates,
        storedState: null,
        restartAtMs: null,
        upSinceMs: 0,
        lastActiveMs: 0,
        crashedForGood: false,
      });
    }
    const acceptorOnly = [...this.peers.values()].filter((p) => p.core && p.config.roles.proposerOf === null).map((p) => p.entry.id);
    this.partitions = [...settings.faults.partitions];
    this.crashes = [...settings.faults.crashes];
    const starts = this.scheduleProposers();
    if (settings.mode === 'timed' && starts.length > 0) {
      // Drawn right after the start jitters, so they sit at a fixed place at the head of the schedule.
      if (settings.faults.randomPartition) this.drawPartition(starts);
      if (settings.faults.randomCrash && acceptorOnly.length > 0) this.drawCrash(acceptorOnly, starts);
    }
    this.pendingCrashes.push(...this.crashes);
  }

  run(): SimResult {
    let quiescent = true;
    for (;;) {
      const next = this.nextStep();
      if (!next) break;
      if (this.steps >= this.settings.maxSteps) {
        quiescent = false;
        break;
      }
      this.steps++;
      this.nowMs = Math.max(this.nowMs, next.atMs);
      this.perform(next);
    }
    this.finish(quiescent);
    const chosen = new Map<number, string>();
    for (const [id, lines] of this.log.perPeer) {
      for (const line of lines) if (line.action === 'chose' && line.message_value !== null) chosen.set(id, line.message_value);
    }
    return {
      log: this.log.lines,
      logAtMs: this.log.linesAtMs,
      perPeer: this.log.perPeer,
      chosen,
      quiescent,
      steps: this.steps,
      endMs: this.nowMs,
      choices: this.choices.made,
      partitions: this.partitions,
      crashes: this.crashes,
    };
  }

  /** For exhaustive search: a key of everything the rest of the run depends on (see explore.ts). */
  stateKey(): string {
    return this.log.stateKey();
  }

  // ---- choosing the next step ----

  private nextStep(): Candidate | null {
    const candidates = this.candidates();
    if (candidates.length === 0) return null;
    if (this.settings.mode === 'untimed') {
      if (this.settings.fixedOrderAfterDecision && this.everyProposerChose()) return candidates[0]!;
      if (this.settings.instantReplies) {
        const reply = candidates.find((c) => c.kind === 'deliver' && isReply(c.channel.flights[0]!.message));
        if (reply) return reply;
      }
      const index = this.choices.pick ? this.choices.pick(candidates.map(stepOption)) : this.choices.choose(candidates.length);
      return candidates[index]!;
    }
    let best: Candidate | null = null;
    for (const candidate of candidates) {
      if (candidate.atMs === Infinity) continue;
      if (best === null || candidate.atMs < best.atMs) best = candidate; // first in fixed order wins ties
    }
    return best;
  }

  private everyProposerChose(): boolean {
    for (const peer of this.peers.values()) {
      const proposer = peer.core?.status().proposer;
      if (proposer && proposer.phase !== 'chosen') return false;
    }
    return true;
  }

  /** Everything that could happen next, in a fixed order: crashes, restarts, timers, then channels by (from, to). */
  private candidates(): Candidate[] {
    const untimed = this.settings.mode === 'untimed';
    const out: Candidate[] = [];
    for (const crash of this.pendingCrashes) out.push({ kind: 'crash', atMs: crash.atMs, crash });
    for (const crash of this.pendingRestarts) out.push({ kind: 'restart', atMs: crash.restartMs!, crash });
    for (const timer of this.timers) out.push({ kind: 'timer', atMs: timer.atMs, timer });
    for (const channel of this.channels.values()) {
      const head = channel.flights[0];
      if (!head) continue;
      const receiver = this.peers.get(channel.to)!;
      if (untimed) {
        out.push({ kind: 'deliver', atMs: head.readyAtMs, channel });
        continue;
      }
      let atMs = this.heldUntil(channel.from, channel.to, Math.max(head.readyAtMs, this.nowMs));
      // Messages for a peer that is down wait in the sender's queue until it is back.
      if (!receiver.up) atMs = receiver.restartAtMs === null ? Infinity : Math.max(atMs, receiver.restartAtMs);
      out.push({ kind: 'deliver', atMs, channel });
    }
    return out;
  }

  /** When a message from `from` to `to`, due at `atMs`, gets through the partitions. */
  private heldUntil(from: number, to: number, atMs: number): number {
    let time = atMs;
    for (let moved = true; moved && time !== Infinity; ) {
      moved = false;
      for (const p of this.partitions) {
        const blocks = (p.from.includes(from) && p.to.includes(to)) || (!p.oneWay && p.to.includes(from) && p.from.includes(to));
        if (blocks && p.startMs <= time && (p.healMs === null || time < p.healMs)) {
          time = p.healMs ?? Infinity;
          moved = true;
        }
      }
    }
    return time;
  }

  // ---- performing a step ----

  private perform(step: Candidate): void {
    switch (step.kind) {
      case 'crash':
        return this.crash(step.crash);
      case 'restart':
        return this.restart(step.crash);
      case 'timer': {
        const { timer } = step;
        this.timers.splice(this.timers.indexOf(timer), 1);
        if (timer.input.kind === 'propose' && this.settings.mode === 'timed') {
          // The real peer proposes only once connected to a majority of its acceptors.
          const readyMs = this.majorityConnectedAtMs(timer.peer);
          if (readyMs > this.nowMs) return this.addTimer(readyMs, timer.peer, timer.input);
        }
        return this.input(timer.peer, timer.input);
      }
      case 'deliver': {
        const flight = step.channel.flights.shift()!;
        if (flight.lost) return this.breakLink(step.channel.from, step.channel.to);
        return this.input(step.channel.to, { kind: 'receive', message: flight.message });
      }
    }
  }

  private input(peerId: number, input: CoreInput): void {
    const peer = this.peers.get(peerId)!;
    if (!peer.up || !peer.core) return;
    this.apply(peer, peer.core.step(input));
  }

  /** The edge's side of the contract: persist, print, send, schedule. */
  private apply(peer: SimPeer, out: CoreOutput): void {
    const id = peer.entry.id;
    if (out.persist) peer.storedState = { ...out.persist };
    if (out.print.length > 0) peer.lastActiveMs = this.nowMs;
    for (const line of out.print) this.log.print(id, line, this.nowMs);
    for (const { to, message } of out.send) this.send(id, to, message);
    if (out.retryAfter) {
      const { round, minMs, maxMs } = out.retryAfter;
      if (this.settings.mode === 'untimed') {
        if (round <= this.settings.maxRounds) this.addTimer(this.nowMs, id, { kind: 'retry', round });
      } else {
        const waitMs = this.settings.backoff === 'none' ? 0 : between(this.choices, minMs, maxMs);
        this.addTimer(this.nowMs + waitMs, id, { kind: 'retry', round });
      }
    }
  }

  private send(from: number, to: number, message: WireMessage): void {
    const key = `${from}>${to}`;
    let channel = this.channels.get(key);
    if (!channel) {
      channel = { from, to, flights: [] };
      this.channels.set(key, channel);
    }
    // A message to itself never touches the network: the real peer hands it over on the next tick (setImmediate), in order.
    if (this.settings.mode === 'untimed' || from === to) {
      channel.flights.push({ message, readyAtMs: this.nowMs, lost: false, seq: this.seq++ });
      return;
    }
    const { faults, latency } = this.settings;
    const scripted = this.settings.scriptedLatency?.({ from, to, message, sentAtMs: this.nowMs });
    // A request on a broken link waits in the proposer's queue until the redial connects.
    const leavesAtMs = Math.max(this.nowMs, this.connectedAtMs(from, to));
    let readyAtMs = leavesAtMs + (scripted ?? between(this.choices, latency.minMs, latency.maxMs));
    // A lost copy costs a retransmission timeout, doubling while copies keep getting lost.
    for (let timeout = RETRANSMIT_MS; faults.dropRate > 0 && chance(this.choices, faults.dropRate); timeout *= 2) {
      readyAtMs += timeout;
      if (timeout > 60_000) break;
    }
    const lost = chance(this.choices, faults.loseRate);
    channel.flights.push({ message, readyAtMs, lost, seq: this.seq++ });
    if (!lost && chance(this.choices, faults.dupRate)) {
      channel.flights.push({ message, readyAtMs, lost: false, seq: this.seq++ });
    }
  }

  /** A broken TCP connection: whatever was in flight either way is gone; a proposer is told, and redials. */
  private breakLink(a: number, b: number): void {
    const told: [number, number][] = [];
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      const dialling = this.peers.get(from)!.config.acceptorIds.includes(to);
      // A link still waiting for its redial has nothing on the wire: its requests stay queued, and nobody is told twice.
      if (dialling && this.connectedAtMs(from, to) > this.nowMs) continue;
      const channel = this.channels.get(`${from}>${to}`);
      if (channel) channel.flights = [];
      if (!dialling) continue;
      this.brokenAtMs.set(`${from}>${to}`, this.nowMs);
      told.push([from, to]);
    }
    // Told only once both directions are cleared: the core may answer at once (a retry).
    for (const [proposer, acceptor] of told) this.input(proposer, { kind: 'disconnected', peerId: acceptor });
  }

  /**
   * When the proposer's connection to an acceptor is up again: its first
   * redial once the acceptor is up (after 50 ms, then 100, 200 ... at most
   * 1 s apart, as peer/transport.ts redials). 0: never broken.
   */
  private connectedAtMs(proposer: number, acceptor: number): number {
    const key = `${proposer}>${acceptor}`;
    const brokenAt = this.brokenAtMs.get(key);
    if (brokenAt === undefined) return 0;
    const target = this.peers.get(acceptor)!;
    const upAt = target.up ? Math.max(brokenAt, target.upSinceMs) : (target.restartAtMs ?? Infinity);
    if (upAt === Infinity) return Infinity;
    let attemptMs = brokenAt + REDIAL_FIRST_MS;
    for (let waitMs = 2 * REDIAL_FIRST_MS; attemptMs < upAt; waitMs = Math.min(REDIAL_MAX_MS, waitMs * 2)) attemptMs += waitMs;
    // Connected again: later breaks start a fresh redial sequence.
    if (attemptMs <= this.nowMs) this.brokenAtMs.delete(key);
    return attemptMs;
  }

  /** When `proposerId` is connected to a majority of its acceptors (itself counts at once). */
  private majorityConnectedAtMs(proposerId: number): number {
    const { acceptorIds } = this.peers.get(proposerId)!.config;
    const times = acceptorIds.map((id) => (id === proposerId ? 0 : this.connectedAtMs(proposerId, id))).sort((x, y) => x - y);
    return times[majority(acceptorIds.length) - 1]!;
  }

  private crash(crash: CrashSpec): void {
    this.pendingCrashes.splice(this.pendingCrashes.indexOf(crash), 1);
    const peer = this.peers.get(crash.peer)!;
    if (!peer.up) return;
    peer.up = false;
    peer.core = null;
    peer.restartAtMs = crash.restartMs;
    for (const other of this.peers.keys()) if (other !== crash.peer) this.breakLink(crash.peer, other);
    // Compose reports the killed container (SIGKILL: 128 + 9); a restarted one prints on under the same name.
    this.log.exited(crash.peer, 137, this.nowMs);
    if (crash.restartMs === null) peer.crashedForGood = true;
    else this.pendingRestarts.push(crash);
  }

  private restart(crash: CrashSpec): void {
    this.pendingRestarts.splice(this.pendingRestarts.indexOf(crash), 1);
    const peer = this.peers.get(crash.peer)!;
    const keep = this.settings.faults.persist && !this.settings.forgetOnRestart;
    const restored = keep && peer.storedState ? peer.storedState : undefined;
    if (!keep) peer.storedState = null;
    peer.core = this.settings.coreFactory(peer.config, restored);
    peer.up = true;
    peer.upSinceMs = this.nowMs;
    peer.restartAtMs = null;
  }

  // ---- set-up and end ----

  /** Schedules each proposer's start; returns the start times. */
  private scheduleProposers(): number[] {
    const starts: number[] = [];
    for (const peer of this.peers.values()) {
      const k = peer.config.roles.proposerOf;
      if (k === null || !peer.core) continue;
      const value = this.settings.values[k - 1];
      if (value === undefined) throw new Error(`no value for proposer${k} (peer ${peer.entry.id})`);
      let atMs = k === 2 ? Math.round(this.settings.delaySeconds * 1000) : 0;
      if (this.settings.mode === 'timed' && this.settings.startJitterMs > 0) atMs += between(this.choices, 0, this.settings.startJitterMs);
      this.addTimer(atMs, peer.entry.id, { kind: 'propose', value });
      starts.push(atMs);
    }
    return starts;
  }

  private addTimer(atMs: number, peer: number, input: CoreInput): void {
    this.timers.push({ atMs, peer, input, seq: this.seq++ });
  }

  /** A random fault's window: near a drawn proposer's start, for a drawn length. */
  private drawWindow(starts: readonly number[]): { startMs: number; endMs: number } {
    const startMs = starts[this.choices.choose(starts.length)]! + this.choices.choose(RANDOM_FAULT_START_MS);
    return { startMs, endMs: startMs + 1 + this.choices.choose(RANDOM_FAULT_LENGTH_MS) };
  }

  private drawPartition(starts: readonly number[]): void {
    if (this.choices.choose(2) === 0) return;
    const ids = [...this.peers.values()].filter((p) => p.core).map((p) => p.entry.id);
    const isolated = ids[this.choices.choose(ids.length)]!;
    const others = ids.filter((id) => id !== isolated);
    const direction = this.choices.choose(3); // 0 both ways, 1 only out of it, 2 only into it
    const { startMs, endMs: healMs } = this.drawWindow(starts);
    this.partitions.push(
      direction === 2
        ? { from: others, to: [isolated], oneWay: true, startMs, healMs }
        : { from: [isolated], to: others, oneWay: direction === 1, startMs, healMs },
    );
  }

  private drawCrash(acceptorOnly: readonly number[], starts: readonly number[]): void {
    if (this.choices.choose(2) === 0) return;
    const peer = acceptorOnly[this.choices.choose(acceptorOnly.length)]!;
    const { startMs, endMs } = this.drawWindow(starts);
    this.crashes.push({ peer, atMs: startMs, restartMs: endMs });
  }

  /** Compose prints `peerN exited with code C` as each container ends: in order of their last line. */
  private finish(quiescent: boolean): void {
    const order = [...this.peers.values()]
      .filter((peer) => !peer.crashedForGood)
      .sort((a, b) => a.lastActiveMs - b.lastActiveMs || a.entry.id - b.entry.id);
    for (const peer of order) this.log.exited(peer.entry.id, exitCodeOf(peer.core?.status() ?? null, quiescent), this.nowMs);
  }
}

function isReply(message: WireMessage): boolean {
  return message.message_type === 'prepare_ack' || message.message_type === 'accept_ack';
}

/** Names a step the same way in every schedule in which it can be taken. */
function stepOption(candidate: Candidate): StepOption {
  switch (candidate.kind) {
    case 'deliver':
      return { id: `${candidate.channel.from}>${candidate.channel.to}`, peer: candidate.channel.to };
    case 'timer': {
      const { input, peer } = candidate.timer;
      return { id: `${input.kind}@${peer}:${input.kind === 'retry' ? input.round : 0}`, peer };
    }
    default:
      return { id: `${candidate.kind}@${candidate.crash.peer}`, peer: candidate.crash.peer };
  }
}

/** The real peer exits 1 when its --deadline passes: cut off, or a proposer that never learned a value. */
function exitCodeOf(status: CoreStatus | null, quiescent: boolean): number {
  if (status === null) return 0;
  if (!quiescent) return 1;
  return status.proposer && status.proposer.phase !== 'chosen' ? 1 : 0;
}
