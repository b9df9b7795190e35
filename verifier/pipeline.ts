// ingest -> parse -> transcript -> rules -> findings, for one run. Inputs are
// read as streams, round-robin when there are several (one file per peer),
// so memory holds only what is still unmatched, not the lines read.

import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeIoError } from '../peer/command-line.js';
import { HostsfileError } from '../peer/hostsfile.js';
import { FindingCollector, type NewFinding } from './findings/collector.js';
import { Assembler } from './ingest/assemble.js';
import { peerOfFileName } from './ingest/file-name.js';
import { inferPrinters, type Attribution, type UnknownPrinter } from './ingest/infer-printer.js';
import { fileSource, splitLines, type ByteSource } from './ingest/lines.js';
import { classifyLine, prefixForms, type InputForm } from './ingest/prefix.js';
import { metaRecord, parseRecord, type LineRecord } from './parse/record.js';
import { fill, msgOf } from './rules/format.js';
import inputPrinterUnknown from './rules/input-printer-unknown.js';
import { CORE_RULES } from './rules/index.js';
import type { EventSelector, ReportDescriptor, Rule, RuleContext } from './rules/types.js';
import { defaultScenario, getScenario, listScenarios, type Scenario } from './scenarios/registry.js';
import './scenarios/testcases.js';
import './scenarios/simulated.js';
import { hostOf, topologyFromHostsfile } from './scenarios/topology.js';
import { RunModel, type Facts } from './transcript/model.js';
import { Replay, UNKNOWN_SENDER, type Delivery, type Destination } from './transcript/replay.js';
import type { Finding, InputSummary, Profile, Report, RunEvent, SourceRef, Topology } from './types.js';

export type VerifyInput =
  | { path: string; name?: string }
  | { text: string | Uint8Array; name?: string }
  | { stream: AsyncIterable<Buffer | Uint8Array | string>; name?: string };

export interface VerifyOptions {
  /** A registered scenario name, or 'auto' (the default). */
  scenario?: string;
  profile?: Profile;
  /** Hostsfile path; default: the scenario's handed-out one. */
  hostsfile?: string;
  maxFindingsPerRule?: number;
  /** Keep every event, message pair and finding link (for diagrams); costs memory. */
  keepRun?: boolean;
  /** Where scenario hostsfiles are found; default: the package root. */
  rootDir?: string;
  /** Rules to run as well; each replaces any rule of the same id (rule examples, simulator checks). */
  rules?: readonly Rule[];
}

/** The rebuilt run, for tools that draw it. */
export interface RunView {
  events: RunEvent[];
  /** Sent event id -> received event id, for every matched pair. */
  messages: { send: number; receive: number }[];
  findingsByEvent: Map<number, Finding[]>;
}

const SELECTORS: readonly EventSelector[] = [
  'sent:prepare', 'sent:prepare_ack', 'sent:accept', 'sent:accept_ack',
  'received:prepare', 'received:prepare_ack', 'received:accept', 'received:accept_ack',
  'chose:chose', 'event',
];
const ANY_EVENT = SELECTORS.length - 1;

/** Index in SELECTORS of an event's own selector; switches, as this runs for every event. */
function selectorIndex(event: RunEvent): number {
  if (event.action === 'chose') return 8;
  const base = event.action === 'sent' ? 0 : 4;
  switch (event.type) {
    case 'prepare':
      return base;
    case 'prepare_ack':
      return base + 1;
    case 'accept':
      return base + 2;
    default:
      return base + 3;
  }
}

/** A problem that stops the verification (exit 2), with a one-line reason. */
export class FatalError extends Error {}

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONVENTION_SAMPLE = 16;

interface InputState {
  name: string;
  source: ByteSource;
  filePeer: number | null;
  lines: number;
  /** Whether any line held more than white space: a run that printed only blank lines printed nothing. */
  printed: boolean;
  forms: Set<InputForm>;
  peers: Set<number>;
  exitCodes: Record<string, number>;
  prefixed: boolean;
  unprefixed: number;
  seenContainers: Set<string>;
  assembler: Assembler;
  /** Events with no printer yet (no prefix, no peer in the file name), until the input ends. */
  unattributed: RunEvent[];
  /** Lines of those whose printer is unknown that could not be read, and the first of them. */
  unattributedUnreadable: { count: number; first: SourceRef | null };
  /** How the printers of those events were worked out, once the input has ended. */
  attribution: Attribution | null;
  /** The container of the previous line and its peer: consecutive lines mostly share it. */
  lastContainer: string | null;
  lastPrinter: number | null;
}

interface LoadedHostsfile {
  path: string;
  topology: Topology;
}

export class Verification {
  private readonly profile: Profile;
  private readonly collector: FindingCollector;
  private readonly model: RunModel;
  private readonly replay: Replay;
  private topology!: Topology;
  private hostsfilePath = '';
  private scenario!: Scenario;
  private scenarioDecided = false;
  /** Scenarios auto can recognise from an event. */
  private autoCandidates: Scenario[] = [];
  private scenarioReason = '';
  private autoDetected = false;
  private readonly hostsfiles = new Map<string, LoadedHostsfile>();
  private explicitHostsfile: LoadedHostsfile | null = null;
  private readonly records: ((record: LineRecord) => void)[] = [];
  /** Event listeners by selector index (see selectorIndex); the last slot holds those for every event. */
  private readonly listeners: ((event: RunEvent, facts: Facts) => void)[][] = SELECTORS.map(() => []);
  private readonly ends: (() => void)[] = [];
  private readonly rulesRun: Rule[] = [];
  private readonly printed = new Map<number, { lines: number; first: SourceRef }>();
  private readonly seqs = new Map<number, number>();
  private readonly gateBuffer: RunEvent[] = [];
  private conventionDecided = false;
  private sample = { seen: 0, matches: 0, first: null as SourceRef | null, firstPeer: null as number | null };
  private nextId = 0;
  private decimal = false;
  private readonly inputs: InputState[] = [];
  private transcriptLines = 0;
  readonly run: RunView | null;

  constructor(private readonly options: VerifyOptions) {
    this.profile = options.profile ?? 'strict';
    this.collector = new FindingCollector(options.maxFindingsPerRule);
    this.model = new RunModel(() => this.topology);
    this.replay = new Replay({ execute: (event, delivery) => this.execute(event, delivery) });
    this.run = options.keepRun ? { events: [], messages: [], findingsByEvent: new Map() } : null;
  }

  /** Loads hostsfiles and sets up the rules; throws FatalError on bad options. */
  async prepare(): Promise<void> {
    const requested = this.options.scenario ?? 'auto';
    if (requested !== 'auto' && !getScenario(requested)) {
      throw new FatalError(`unknown scenario "${requested}" (expected ${[...listScenarios().map((s) => s.name), 'auto'].join(', ')})`);
    }
    if (this.options.hostsfile !== undefined) {
      this.explicitHostsfile = await loadHostsfile(this.options.hostsfile, this.options.hostsfile);
    }
    const candidates = requested === 'auto' ? listScenarios() : [getScenario(requested)!];
    if (!this.explicitHostsfile) {
      const root = this.options.rootDir ?? PACKAGE_ROOT;
      const byPath = new Map<string, LoadedHostsfile>();
      for (const s of candidates) {
        let loaded = byPath.get(s.hostsfile);
        if (!loaded) {
          loaded = await loadHostsfile(join(root, s.hostsfile), s.hostsfile);
          byPath.set(s.hostsfile, loaded);
        }
        this.hostsfiles.set(s.name, loaded);
      }
    }
    this.autoCandidates = requested === 'auto' ? listScenarios().filter((s) => s.autoSignal) : [];
    // Until auto decides, the default scenario's configuration applies.
    this.scenario = requested === 'auto' ? defaultScenario() : getScenario(requested)!;
    this.useHostsfile(this.scenario);
    for (const rule of this.options.rules ?? []) this.addRule(rule);
    for (const rule of CORE_RULES) this.addRule(rule);
    if (requested !== 'auto') this.decideScenario(this.scenario, 'given with --scenario', false);
  }

  async verify(inputs: readonly VerifyInput[]): Promise<void> {
    for (const [i, input] of inputs.entries()) this.inputs.push(this.openInput(input, i));
    let active = [...this.inputs].map((state) => ({ state, lines: splitLines(state.source)[Symbol.asyncIterator]() }));
    while (active.length > 0) {
      const still: typeof active = [];
      for (const entry of active) {
        let next: IteratorResult<{ lines: string[]; crlf: number; bom: boolean }>;
        try {
          next = await entry.lines.next();
        } catch (error) {
          throw new FatalError(`cannot read ${entry.state.name}: ${describeIoError(error)}`);
        }
        if (next.done) {
          this.endInput(entry.state);
          continue;
        }
        const batch = next.value;
        if (batch.crlf > 0) entry.state.forms.add('crlf');
        if (batch.bom) entry.state.forms.add('bom');
        for (const line of batch.lines) this.handleLine(entry.state, line);
        still.push(entry);
      }
      active = still;
    }
    // Nothing at all to judge: the run (or the pipe) went wrong before any peer printed, not the student's protocol.
    if (this.inputs.every((i) => !i.printed)) {
      const blank = this.inputs.reduce((sum, i) => sum + i.lines, 0);
      const read = blank === 0 ? '0 lines' : `only ${blank} blank line${blank === 1 ? '' : 's'}`;
      throw new FatalError(`no input: ${read} read from ${this.inputs.map((i) => i.name).join(', ')}; did the run print anything?`);
    }
    this.finish();
  }

  private openInput(input: VerifyInput, index: number): InputState {
    let name: string;
    let source: ByteSource;
    if ('path' in input) {
      name = input.name ?? input.path;
      source = fileSource(input.path);
    } else if ('text' in input) {
      name = input.name ?? `<input ${index + 1}>`;
      source = (async function* () {
        yield input.text;
      })();
    } else {
      name = input.name ?? `<input ${index + 1}>`;
      source = input.stream;
    }
    const filePeer = /^[<]/.test(name) ? null : peerOfFileName(name, this.topology);
    const state: InputState = {
      name, source, filePeer, lines: 0, printed: false, forms: new Set(), peers: new Set(), exitCodes: {}, prefixed: false, unprefixed: 0,
      seenContainers: new Set(), assembler: null as unknown as Assembler, unattributed: [], unattributedUnreadable: { count: 0, first: null },
      attribution: null, lastContainer: null, lastPrinter: null,
    };
    state.assembler = new Assembler((raw) => this.onRecord(state, raw));
    if (filePeer !== null) state.forms.add('per-peer-file');
    return state;
  }

  private handleLine(input: InputState, text: string): void {
    const lineNo = ++input.lines;
    if (!input.printed && text.trim() !== '') input.printed = true;
    const line = classifyLine(text);
    if (line.ansi) input.forms.add('ansi-colour');
    if (line.kind === 'meta') {
      input.forms.add('compose-meta-lines');
      const peer = line.container === null ? null : this.topology.peerOfName(line.container);
      if (line.exitCode !== null && peer !== null) input.exitCodes[String(peer)] = line.exitCode;
      this.dispatchRecord(metaRecord(input.name, lineNo, peer, line.container ?? '', line.exitCode));
      return;
    }
    let printer: number | null;
    let key: string;
    if (line.container !== null) {
      printer = line.container === input.lastContainer ? input.lastPrinter : this.topology.peerOfName(line.container);
      input.lastContainer = line.container;
      input.lastPrinter = printer;
      if (!input.seenContainers.has(line.container)) {
        input.seenContainers.add(line.container);
        if (printer !== null) for (const form of prefixForms(line.container, hostOf(this.topology, printer))) input.forms.add(form);
      }
      key = printer !== null ? String(printer) : `container:${line.container}`;
      input.prefixed = true;
    } else {
      printer = input.filePeer;
      key = printer !== null ? String(printer) : 'unknown';
      if (printer === null && text.trim() !== '') input.unprefixed++;
    }
    if (line.timestamp) input.forms.add('timestamps');
    // The payload is always the end of the line: what comes before it is the prefix.
    input.assembler.push(key, input.name, lineNo, printer, line.payload, text.length - line.payload.length);
  }

  private onRecord(input: InputState, line: LineRecord): void {
    const record = parseRecord(line, this.profile);
    if (record.status === 'blank') return;
    if (record.status === 'noise') input.forms.add('non-json-noise');
    const printer = record.printer;
    if (printer !== null && record.status !== 'noise') {
      input.peers.add(printer);
      this.countPrinted(printer, record);
      if (!record.message) this.model.unreadable.set(printer, (this.model.unreadable.get(printer) ?? 0) + 1);
    } else if (record.status !== 'noise' && !record.message) {
      const unreadable = input.unattributedUnreadable;
      unreadable.count++;
      unreadable.first ??= { file: record.file, line: record.line };
    }
    this.dispatchRecord(record);
    const message = record.message;
    if (!message) return;
    this.transcriptLines++;
    if (message.variants.includes('decimal-proposal')) this.decimal = true;
    const event: RunEvent = {
      id: this.nextId++, printer: printer ?? 0, seq: -1, action: message.action, type: message.type, peerId: message.peerId, sender: 0,
      value: message.value, n: message.n, file: record.file, line: record.line, raw: this.run ? record.text : null,
    };
    if (printer === null) input.unattributed.push(event);
    else this.gate(event);
  }

  private countPrinted(printer: number, at: SourceRef, lines = 1): void {
    const seen = this.printed.get(printer);
    if (seen) seen.lines += lines;
    else this.printed.set(printer, { lines, first: { file: at.file, line: at.line } });
  }

  private dispatchRecord(record: LineRecord): void {
    for (const listener of this.records) listener(record);
  }

  private endInput(input: InputState): void {
    input.assembler.flush();
    const stats = input.assembler.stats;
    if (stats.multiLineObjects > 0) input.forms.add('multi-line-objects');
    if (stats.splitLines > 0) input.forms.add('split-16k-lines');
    if (input.unattributed.length > 0) this.attribute(input);
    if (input.unprefixed > 0 && !input.prefixed && input.filePeer === null && input.attribution?.how !== 'one-peer') input.forms.add('no-prefix');
  }

  /** Works out who printed the input's events that said nothing about it; what stays unknown is reported, not guessed. */
  private attribute(input: InputState): void {
    const events = input.unattributed;
    input.unattributed = [];
    const { attribution, unknown } = inferPrinters(events, () => this.inferenceTopology(events));
    input.attribution = attribution;
    if (attribution.how === 'one-peer') {
      input.forms.add('per-peer-file');
      // Its unreadable lines are that peer's too (a missing send or chose may be among them).
      const { count, first } = input.unattributedUnreadable;
      if (first) {
        this.countPrinted(attribution.peer, first, count);
        this.model.unreadable.set(attribution.peer, (this.model.unreadable.get(attribution.peer) ?? 0) + count);
      }
    }
    for (const event of events) {
      if (event.printer === 0) continue;
      input.peers.add(event.printer);
      this.countPrinted(event.printer, event);
      this.gate(event);
    }
    this.reportUnknownPrinters(input, attribution, unknown);
  }

  /**
   * The hostsfile inference works with: the one in force, or, while auto has
   * not decided, that of the scenario these events show (peer5's prepare:
   * testcase 2), so peer5's acceptors are known before the replay decides.
   */
  private inferenceTopology(events: readonly RunEvent[]): Topology {
    if (this.scenarioDecided || this.explicitHostsfile) return this.topology;
    for (const scenario of this.autoCandidates) {
      if (events.some((e) => e.action === 'sent' && scenario.autoSignal!.test({ ...e, printer: e.peerId }))) return this.hostsfiles.get(scenario.name)!.topology;
    }
    return this.topology;
  }

  private reportUnknownPrinters(input: InputState, attribution: Attribution, unknown: readonly UnknownPrinter[]): void {
    if (unknown.length === 0) return;
    if (attribution.how === 'none') {
      const first = unknown[0]!.event;
      this.report(inputPrinterUnknown, {
        messageId: 'file', data: { file: input.name, count: unknown.length }, at: { file: first.file, line: first.line },
        expected: 'a container prefix, a peer in the file name, or sent lines', seen: `${unknown.length} received line(s) only`,
      });
      return;
    }
    for (const { event, why } of unknown) {
      const message = msgOf(event, (n) => this.formatN(n));
      this.report(inputPrinterUnknown, {
        messageId: 'line', data: { message, sender: event.peerId, why }, at: { file: event.file, line: event.line },
        expected: 'a peer known to have printed it', seen: `received ${message} from peer${event.peerId}`, mergeKey: input.name,
      });
    }
  }

  /** Holds events until the meaning of peer_id on received lines is known. */
  private gate(event: RunEvent): void {
    if (this.conventionDecided) {
      this.toReplay(event);
      return;
    }
    this.gateBuffer.push(event);
    if (event.action !== 'received') return;
    // A proposer that is one of its own acceptors receives its own messages: its own id there says nothing about the convention.
    if (event.peerId === event.printer && this.topology.acceptorsOf(event.printer).includes(event.printer)) return;
    this.sample.seen++;
    if (event.peerId === event.printer) {
      this.sample.matches++;
      if (!this.sample.first) {
        this.sample.first = { file: event.file, line: event.line };
        this.sample.firstPeer = event.printer;
      }
    }
    if (this.sample.seen >= CONVENTION_SAMPLE) this.decideConvention();
  }

  private decideConvention(): void {
    this.conventionDecided = true;
    const { seen, matches, first, firstPeer } = this.sample;
    this.model.convention = { kind: matches * 2 > seen ? 'printer' : 'sender', sample: seen, matches, first, firstPeer };
    for (const event of this.gateBuffer.splice(0)) this.toReplay(event);
  }

  private toReplay(event: RunEvent): void {
    const seq = this.seqs.get(event.printer) ?? 0;
    this.seqs.set(event.printer, seq + 1);
    event.seq = seq;
    event.sender = event.action !== 'received' ? event.printer : this.model.convention.kind === 'printer' ? UNKNOWN_SENDER : event.peerId;
    this.run?.events.push(event);
    this.replay.push(event);
  }

  private execute(event: RunEvent, delivery: Delivery): Destination | null {
    if (event.sender === UNKNOWN_SENDER) {
      event.sender = delivery.kind === 'matched' ? delivery.send.event.printer : delivery.kind === 'cycle' ? delivery.send.printer : event.peerId;
    }
    if (!this.scenarioDecided) {
      for (const s of this.autoCandidates) {
        if (s.autoSignal?.test(event)) {
          this.decideScenario(s, `chosen automatically: ${s.autoSignal.describe} at ${event.file}:${event.line}`, true);
          break;
        }
      }
    }
    const facts = this.model.apply(event, delivery);
    for (const listener of this.listeners[selectorIndex(event)]!) listener(event, facts);
    for (const listener of this.listeners[ANY_EVENT]!) listener(event, facts);
    if (this.run && delivery.kind === 'matched') this.run.messages.push({ send: delivery.send.event.id, receive: event.id });
    return facts.to;
  }

  private useHostsfile(scenario: Scenario): void {
    const loaded = this.explicitHostsfile ?? this.hostsfiles.get(scenario.name)!;
    this.topology = loaded.topology;
    this.hostsfilePath = loaded.path;
  }

  private decideScenario(scenario: Scenario, reason: string, auto: boolean): void {
    this.scenario = scenario;
    this.scenarioDecided = true;
    this.scenarioReason = reason;
    this.autoDetected = auto;
    this.useHostsfile(scenario);
    for (const rule of scenario.expectations) this.addRule(rule);
  }

  private addRule(rule: Rule): void {
    if (this.rulesRun.some((r) => r.meta.id === rule.meta.id)) return;
    this.rulesRun.push(rule);
    const self = this;
    const context: RuleContext = {
      profile: this.profile,
      get topology() {
        return self.topology;
      },
      get scenario() {
        return { name: self.scenario.name, params: self.scenario.params };
      },
      model: this.model,
      printed: this.printed,
      report: (descriptor) => this.report(rule, descriptor),
      formatN: (n) => this.formatN(n),
    };
    const listeners = rule.create(context);
    if (listeners.record) this.records.push(listeners.record);
    if (listeners.end) this.ends.push(listeners.end);
    for (const [selector, listener] of Object.entries(listeners.on ?? {}) as [EventSelector, (event: RunEvent, facts: Facts) => void][]) {
      this.listeners[SELECTORS.indexOf(selector)]!.push(listener);
    }
  }

  private report(rule: Rule, d: ReportDescriptor): void {
    const event = d.event ?? null;
    const template = rule.meta.messages[d.messageId] ?? d.messageId;
    const peer = event ? event.printer : (d.peer ?? null);
    const severity = d.severity ?? rule.meta.severity;
    // What the scenario is there to show is a note, not an error (Scenario.expectedFailures).
    const scenarioOutcome = severity === 'error' && (this.scenario.expectedFailures?.includes(rule.meta.id) ?? false);
    const finding: NewFinding = {
      ruleId: rule.meta.id,
      messageId: d.messageId,
      category: rule.meta.category,
      severity: scenarioOutcome ? 'info' : severity,
      file: event ? event.file : (d.at?.file ?? null),
      line: event ? event.line : (d.at?.line ?? null),
      column: d.column ?? null,
      peer: peer !== null && peer > 0 ? `peer${peer}` : null,
      message: fill(template, d.data) + (scenarioOutcome ? ` (expected in scenario ${this.scenario.name})` : ''),
      expected: d.expected ?? null,
      seen: d.seen ?? null,
      hint: d.hint ?? rule.meta.hint,
      eventId: event ? event.id : null,
    };
    this.collector.add(finding, d.mergeKey ?? null);
  }

  formatN(n: number): string {
    return this.decimal ? `${Math.floor(n / 100)}.${n % 100}` : String(n);
  }

  private finish(): void {
    if (!this.conventionDecided) this.decideConvention();
    this.model.settle(this.replay.finish());
    if (!this.scenarioDecided) {
      const fallback = defaultScenario();
      const signals = listScenarios().filter((s) => s.autoSignal).map((s) => `${s.name} would show ${s.autoSignal!.describe}`);
      this.decideScenario(fallback, `chosen automatically: no sign of another scenario${signals.length > 0 ? ` (${signals.join('; ')})` : ''}`, true);
    }
    for (const end of this.ends) end();
  }

  buildReport(): Report {
    const findings = this.collector.sorted(this.inputs.map((i) => i.name));
    if (this.run) {
      for (const finding of findings) {
        if (finding.eventId === null) continue;
        const list = this.run.findingsByEvent.get(finding.eventId) ?? [];
        list.push(finding);
        this.run.findingsByEvent.set(finding.eventId, list);
      }
    }
    const c = this.collector;
    return {
      reportVersion: 1,
      tool: 'paxos-verify',
      verdict: c.hasErrors() ? 'fail' : 'pass',
      fatal: null,
      scenario: { name: this.scenario.name, autoDetected: this.autoDetected, reason: this.scenarioReason },
      profile: this.profile,
      hostsfile: { path: this.hostsfilePath, peers: this.topology.peers.map((p) => ({ ...p, roles: [...p.roles] })) },
      inputs: this.inputs.map((i) => summarise(i)),
      counts: {
        error: c.bySeverity.error,
        warning: c.bySeverity.warning,
        info: c.bySeverity.info,
        findings: { ...c.findingsBySeverity },
        omitted: c.omitted,
        byCategory: Object.fromEntries(c.byCategory),
        byRule: Object.fromEntries(c.byRule),
      },
      findings,
      rules: this.rulesRun.map((rule) => {
        const worst = c.worstByRule.get(rule.meta.id);
        return {
          id: rule.meta.id,
          category: rule.meta.category,
          severity: rule.meta.severity,
          outcome: worst === 'error' ? 'fail' : worst ? 'warn' : 'pass',
          occurrences: c.byRule.get(rule.meta.id) ?? 0,
        };
      }),
      stats: {
        lines: this.inputs.reduce((sum, i) => sum + i.lines, 0),
        transcriptLines: this.transcriptLines,
        events: this.nextId,
        peers: [...this.printed.keys()].sort((a, b) => a - b),
        matchedMessages: this.replay.matched,
      },
    };
  }

  /** What a report looks like when the run could not be verified. */
  fatalReport(reason: string): Report {
    const report = unverifiedReport(reason, this.options);
    report.profile = this.profile;
    report.hostsfile = { path: this.hostsfilePath || report.hostsfile.path, peers: this.topology ? this.topology.peers.map((p) => ({ ...p, roles: [...p.roles] })) : [] };
    report.inputs = this.inputs.map((i) => summarise(i));
    return report;
  }
}

/** The report of a run that could not be verified at all (fatal set), from the options alone. */
export function unverifiedReport(reason: string, options: Pick<VerifyOptions, 'scenario' | 'profile' | 'hostsfile'> = {}): Report {
  return {
    reportVersion: 1,
    tool: 'paxos-verify',
    verdict: 'fail',
    fatal: reason,
    scenario: { name: options.scenario ?? 'auto', autoDetected: false, reason: 'not verified' },
    profile: options.profile ?? 'strict',
    hostsfile: { path: options.hostsfile ?? '', peers: [] },
    inputs: [],
    counts: { error: 0, warning: 0, info: 0, findings: { error: 0, warning: 0, info: 0 }, omitted: 0, byCategory: {}, byRule: {} },
    findings: [],
    rules: [],
    stats: { lines: 0, transcriptLines: 0, events: 0, peers: [], matchedMessages: 0 },
  };
}

/** The input's note on how its printers were worked out. */
function printerNote(attribution: Attribution): string {
  switch (attribution.how) {
    case 'one-peer':
      return `no container prefix and no peer in the file name: every sent and chose line carries peer_id ${attribution.peer}, so all its lines are taken as peer${attribution.peer}'s`;
    case 'printer-ids':
      return 'no container prefix, and received lines match no send of the peer they name: peer_id is taken as the printing peer on every line';
    case 'matched':
      return 'no container prefix: printers inferred from peer_id on sent and chose lines, and on received lines from the replies that follow them and the requests they answer';
    case 'none':
      return 'no container prefix, no peer in the file name and no sent or chose line: who printed its lines is unknown';
  }
}

function summarise(input: InputState): InputSummary {
  const notes: string[] = [];
  const attribution = input.attribution;
  if (attribution) notes.push(printerNote(attribution));
  return {
    name: input.name,
    forms: [...input.forms],
    printerSource: input.prefixed ? 'prefix' : input.filePeer !== null ? 'file-name' : attribution && attribution.how !== 'none' ? 'inferred' : 'none',
    lines: input.lines,
    peers: [...input.peers].sort((a, b) => a - b),
    exitCodes: input.exitCodes,
    notes,
  };
}

async function loadHostsfile(path: string, shownAs: string): Promise<LoadedHostsfile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new FatalError(`cannot read hostsfile ${shownAs}: ${describeIoError(error)}`);
  }
  try {
    return { path: isAbsolute(shownAs) ? relative(process.cwd(), shownAs) || shownAs : shownAs, topology: topologyFromHostsfile(text) };
  } catch (error) {
    if (error instanceof HostsfileError) throw new FatalError(`bad hostsfile ${shownAs}: ${error.message}`);
    throw error;
  }
}
