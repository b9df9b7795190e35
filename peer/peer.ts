// The running peer: drives the pure core with TCP messages, timers and the
// clock, prints what the core prints, and decides when this peer's part of the
// run is over (design section 4).

import type { Writable } from 'node:stream';
import { PaxosCore } from './core/paxos-core.js';
import { majority } from './core/quorum.js';
import type { AcceptorState, CoreConfig, CoreOutput, WireMessage } from './core/types.js';
import type { HostEntry } from './hostsfile.js';
import { TranscriptWriter } from './output.js';
import type { AcceptorStateFile } from './state-store.js';
import { Transport } from './transport.js';

export interface PeerSettings {
  config: CoreConfig;
  hosts: readonly HostEntry[];
  /** Acceptor state saved by an earlier run, if any. */
  restored: AcceptorState | null;
  stateFile: AcceptorStateFile | null;
  /** The proposer's value (-v); null for a peer that does not propose. */
  value: string | null;
  delaySeconds: number;
  port: number;
  bind: string;
  /** Host name -> address, overriding DNS. */
  resolve: ReadonlyMap<string, string>;
  connectTimeoutMs: number;
  deadlineMs: number;
  quietMs: number;
  verbose: boolean;
}

/** Exit codes: 0 its part is over, 1 a runtime failure; signals give 128 + signal number. */
export const EXIT_DONE = 0;
export const EXIT_RUNTIME = 1;

export class PeerRuntime {
  private readonly core: PaxosCore;
  private readonly transport: Transport;
  private readonly writer: TranscriptWriter;
  private readonly isProposer: boolean;
  private readonly isAcceptor: boolean;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly unreachable = new Set<number>();
  private delayElapsed = false;
  private proposing = false;
  private quietElapsed = false;
  private quietTimer: NodeJS.Timeout | null = null;
  private graceElapsed = false;
  /** --deadline passed while a silent connection may be a proposer waiting out its -t. */
  private pastDeadline = false;
  private finished = false;
  private resolveExit: (code: number) => void = () => {};

  constructor(
    private readonly settings: PeerSettings,
    stdout: Writable,
    private readonly warnLine: (line: string) => void,
  ) {
    const { config } = settings;
    this.core = new PaxosCore(config, settings.restored ?? undefined);
    this.writer = new TranscriptWriter(stdout);
    this.isProposer = config.roles.proposerOf !== null;
    this.isAcceptor = config.proposerIdsServed.length > 0;
    this.transport = new Transport({
      port: settings.port,
      bind: settings.bind,
      addressOf: (peerId) => this.addressOf(peerId),
      connectTimeoutMs: settings.connectTimeoutMs,
      onMessage: (message) => this.receive(message),
      onConnected: () => this.maybePropose(),
      onLinkLost: (peerId) => {
        this.debug(`lost the link to peer ${peerId}; dialling again`);
        this.apply(this.core.step({ kind: 'disconnected', peerId }));
      },
      onUnreachable: (peerId, reason) => this.giveUpOn(peerId, reason),
      onInboundClosed: () => this.recheckDeadline(),
      warn: (line) => this.warn(line),
    });
  }

  /** Runs until this peer's part is over; resolves with the exit code. */
  async run(): Promise<number> {
    const exit = new Promise<number>((resolve) => (this.resolveExit = resolve));
    const { config, delaySeconds, deadlineMs } = this.settings;
    if (!this.isProposer && !this.isAcceptor) {
      this.debug(`peer ${config.selfId} has no part in the protocol; exiting`);
      return EXIT_DONE;
    }
    if (this.isAcceptor) {
      try {
        await this.transport.listen();
      } catch (error) {
        return this.stop(EXIT_RUNTIME, `cannot listen on ${this.settings.bind}:${this.settings.port}: ${(error as Error).message}`);
      }
    }
    const delayMs = this.isProposer ? delaySeconds * 1000 : 0;
    this.after(deadlineMs + delayMs, () => this.onDeadline());
    if (this.isProposer) {
      for (const id of config.acceptorIds) if (id !== config.selfId) this.transport.dial(id);
      this.after(delayMs, () => {
        this.delayElapsed = true;
        this.maybePropose();
      });
    }
    this.debug(
      `peer ${config.selfId}: proposes to [${config.acceptorIds.join(',')}], accepts for [${config.proposerIdsServed.join(',')}]`,
    );
    return exit;
  }

  /** Ends the run: closes connections, flushes stdout, resolves run(). Idempotent. */
  async stop(code: number, message?: string): Promise<number> {
    if (this.finished) return code;
    this.finished = true;
    if (message) this.warn(message);
    for (const timer of this.timers) clearTimeout(timer);
    if (this.quietTimer) clearTimeout(this.quietTimer);
    await this.transport.close(code === EXIT_DONE);
    await this.writer.flushed();
    this.resolveExit(code);
    return code;
  }

  private maybePropose(): void {
    if (!this.isProposer || this.proposing || !this.delayElapsed || this.finished) return;
    const { acceptorIds, selfId } = this.settings.config;
    const reachable = acceptorIds.filter((id) => id === selfId || this.transport.isConnected(id)).length;
    if (reachable < majority(acceptorIds.length)) return;
    this.proposing = true;
    this.apply(this.core.step({ kind: 'propose', value: this.settings.value! }));
  }

  private receive(message: WireMessage): void {
    if (this.finished) return;
    this.quietElapsed = false;
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => {
      this.quietElapsed = true;
      this.checkDone();
    }, this.settings.quietMs);
    this.apply(this.core.step({ kind: 'receive', message }));
    this.recheckDeadline();
  }

  /**
   * A proposer dials its acceptors as soon as it starts and stays silent
   * through its -t, so an acceptor cannot tell how long it will wait. Rather
   * than give up on it at --deadline, an acceptor that has not heard from
   * every proposer it serves waits on while some inbound connection is open
   * and silent; see recheckDeadline.
   */
  private onDeadline(): void {
    if (this.mayBeAwaitingConnectedProposer()) {
      if (!this.pastDeadline) this.debug('--deadline passed; waiting on, as a connection that has sent nothing is open');
      this.pastDeadline = true;
      return;
    }
    void this.stop(EXIT_RUNTIME, this.deadlineReason());
  }

  private mayBeAwaitingConnectedProposer(): boolean {
    const status = this.core.status();
    const proposerDone = !this.isProposer || status.proposer!.phase === 'chosen';
    return proposerDone && status.proposersNotHeardFrom.length > 0 && this.transport.hasSilentInbound();
  }

  /**
   * Past the deadline: once every proposer has spoken, the last one's round
   * gets a fresh --deadline (as a proposer's own counts after -t); if the
   * silent connections close first, the acceptor gives up.
   */
  private recheckDeadline(): void {
    if (!this.pastDeadline || this.finished) return;
    if (this.core.status().proposersNotHeardFrom.length === 0) {
      this.pastDeadline = false;
      this.after(this.settings.deadlineMs, () => this.onDeadline());
    } else if (!this.mayBeAwaitingConnectedProposer()) {
      this.onDeadline();
    }
  }

  /** Carries out one core output in the order the contract fixes: persist, print, send, schedule. */
  private apply(out: CoreOutput): void {
    if (this.finished) return;
    if (out.persist && this.settings.stateFile) {
      try {
        this.settings.stateFile.save(out.persist);
      } catch (error) {
        void this.stop(EXIT_RUNTIME, `cannot save acceptor state: ${(error as Error).message}`);
        return;
      }
    }
    for (const line of out.print) this.writer.print(line);
    for (const { to, message } of out.send) {
      if (to === this.settings.config.selfId) {
        // setImmediate runs callbacks in order, so this channel stays FIFO too.
        setImmediate(() => this.receive(message));
      } else {
        this.transport.send(to, message);
      }
    }
    for (const warning of out.warnings) this.warn(warning);
    if (out.retryAfter) {
      const { round, minMs, maxMs } = out.retryAfter;
      this.after(minMs + Math.random() * (maxMs - minMs), () => this.apply(this.core.step({ kind: 'retry', round })));
    }
    if (out.chose) {
      // Replies still owed get a grace period; an acceptor that never answers must not keep us up.
      this.after(this.settings.quietMs, () => {
        this.graceElapsed = true;
        this.checkDone();
      });
    }
    this.checkDone();
  }

  private checkDone(): void {
    if (this.finished) return;
    const status = this.core.status();
    const proposerDone =
      !this.isProposer ||
      (status.proposer!.phase === 'chosen' &&
        (status.proposer!.pendingReplies === 0 || (this.graceElapsed && !this.transport.hasQueuedRequests())));
    const acceptorDone = !this.isAcceptor || (status.proposersNotHeardFrom.length === 0 && this.quietElapsed);
    if (proposerDone && acceptorDone) void this.stop(EXIT_DONE);
  }

  private giveUpOn(peerId: number, reason: string): void {
    const { acceptorIds } = this.settings.config;
    const where = `peer ${peerId} (${this.addressOf(peerId)}:${this.settings.port})`;
    this.unreachable.add(peerId);
    this.apply(this.core.step({ kind: 'disconnected', peerId }));
    const chosen = this.core.status().proposer?.phase === 'chosen';
    const seconds = this.settings.connectTimeoutMs / 1000;
    if (!chosen && acceptorIds.length - this.unreachable.size < majority(acceptorIds.length)) {
      void this.stop(EXIT_RUNTIME, `could not reach ${where} within ${seconds} s (${reason}): no majority of acceptors left`);
      return;
    }
    this.warn(`gave up on ${where} after ${seconds} s (${reason})`);
    this.checkDone();
  }

  private deadlineReason(): string {
    const status = this.core.status();
    const seconds = this.settings.deadlineMs / 1000;
    if (status.proposer && status.proposer.phase !== 'chosen') {
      return `no value chosen within --deadline ${seconds} s (proposer ${status.proposer.phase}, n ${status.proposer.proposal})`;
    }
    if (status.proposersNotHeardFrom.length > 0) {
      return `never heard from proposer peer(s) ${status.proposersNotHeardFrom.join(', ')} within --deadline ${seconds} s`;
    }
    return `messages still arriving at --deadline ${seconds} s`;
  }

  private addressOf(peerId: number): string {
    const host = this.settings.hosts.find((entry) => entry.id === peerId)?.host ?? `peer${peerId}`;
    return this.settings.resolve.get(host) ?? host;
  }

  private after(ms: number, callback: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      callback();
    }, ms);
    this.timers.add(timer);
  }

  private warn(line: string): void {
    this.warnLine(`paxos-peer: ${line}`);
  }

  private debug(line: string): void {
    if (this.settings.verbose) this.warn(line);
  }
}
