// Search for a schedule the verifier fails: many seeds, or every schedule of a
// small configuration; each transcript is checked in-process by the verifier's
// own rules. A failing schedule is shrunk (its choices zeroed, halved and cut
// while it still fails) so the report shows the smallest one found.
//
// Only safety counts as a violation: under arbitrary delays, losses and
// crashes no consensus protocol promises to finish (FLP), so a run without a
// decision (verifier category `termination`) is an outcome, not a failure.

import { verify } from '../verifier/index.js';
import type { Finding, Report } from '../verifier/index.js';
import type { Category } from '../verifier/types.js';
import { ReplayedChoices, SeededChoices, type ChoiceSource, type StepOption } from './choices.js';
import { Simulation, type SimResult, type SimSettings } from './simulation.js';

export interface ExploreOptions {
  settings: SimSettings;
  /** Verifier scenario whose expectations apply to every run (any-schedule: the Paxos rules only). */
  scenario: string;
  /** Hostsfile path for the verifier; null: the scenario's own. */
  hostsfilePath: string | null;
  seeds: number;
  fromSeed: number;
  exhaustive: boolean;
  /** Exhaustive search stops after this many complete schedules. */
  maxSchedules: number;
  /** Stop at the first violation (and shrink it); false: count them all. */
  stopAtFirst: boolean;
  /** At most this many replays while shrinking. */
  shrinkBudget: number;
  /**
   * Exploring a mutant: the category its mistake is about. When the schedule
   * found shows it, shrinking keeps it (not just any of the categories found).
   */
  mutantCategory: Category | null;
  progress: ((line: string) => void) | null;
}

export interface Violation {
  /** Seeded search: the seed; exhaustive: null. */
  seed: number | null;
  choices: number[];
  findings: Finding[];
  log: string[];
}

export interface ExploreReport {
  mode: 'seeded' | 'exhaustive';
  /** Complete runs simulated and verified. */
  schedules: number;
  /** Exhaustive: runs cut short because they reached a state already explored. */
  pruned: number;
  /** Exhaustive: true when every schedule within the bounds was covered. */
  complete: boolean;
  outcomes: Map<string, number>;
  violations: number;
  /** The first violation as found, and shrunk. */
  first: { found: Violation; shrunk: Violation; replays: number } | null;
  elapsedMs: number;
}

/** One run's safety verdict: the error findings other than termination. */
export function violationsIn(report: Report): Finding[] {
  if (report.fatal) throw new Error(`the verifier could not run: ${report.fatal}`);
  return report.findings.filter((f) => f.severity === 'error' && f.category !== 'termination');
}

/** What a run decided, for the outcome table. */
export function outcomeOf(result: SimResult): string {
  const values = [...new Set(result.chosen.values())].sort();
  const cut = result.quiescent ? '' : ' (cut off by --max-steps)';
  if (values.length === 0) return `no decision${cut}`;
  if (values.length > 1) return `disagreement: ${values.join(' and ')}${cut}`;
  return `chose ${values[0]}${cut}`;
}

export async function verifyRun(result: SimResult, options: Pick<ExploreOptions, 'scenario' | 'hostsfilePath'>): Promise<Report> {
  return verify([{ text: result.log.join('\n') + '\n', name: 'simulated' }], {
    scenario: options.scenario,
    ...(options.hostsfilePath ? { hostsfile: options.hostsfilePath } : {}),
  });
}

export async function explore(options: ExploreOptions): Promise<ExploreReport> {
  const started = performance.now();
  const tracker = new Tracker(options, started);
  if (options.exhaustive) await exhaustiveSearch(options, tracker);
  else await seededSearch(options, tracker);
  let first: ExploreReport['first'] = null;
  if (tracker.firstViolation) {
    const shrunk = await shrink(tracker.firstViolation, options);
    first = { found: tracker.firstViolation, shrunk: shrunk.violation, replays: shrunk.replays };
  }
  return {
    mode: options.exhaustive ? 'exhaustive' : 'seeded',
    schedules: tracker.schedules,
    pruned: tracker.pruned,
    complete: tracker.complete,
    outcomes: tracker.outcomes,
    violations: tracker.violations,
    first,
    elapsedMs: performance.now() - started,
  };
}

class Tracker {
  schedules = 0;
  pruned = 0;
  complete = false;
  violations = 0;
  readonly outcomes = new Map<string, number>();
  firstViolation: Violation | null = null;
  private lastProgress: number;

  constructor(
    private readonly options: ExploreOptions,
    private readonly started: number,
  ) {
    this.lastProgress = started;
  }

  /** Verifies one complete run; returns true when the search should stop. */
  async record(result: SimResult, seed: number | null): Promise<boolean> {
    this.schedules++;
    const outcome = outcomeOf(result);
    this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
    const findings = violationsIn(await verifyRun(result, this.options));
    if (findings.length > 0) {
      this.violations++;
      this.firstViolation ??= { seed, choices: [...result.choices], findings, log: result.log };
    }
    this.tick();
    return findings.length > 0 && this.options.stopAtFirst;
  }

  tick(): void {
    const now = performance.now();
    if (!this.options.progress || now - this.lastProgress < 1000) return;
    this.lastProgress = now;
    const seconds = (now - this.started) / 1000;
    const rate = Math.round(this.schedules / seconds);
    const pruned = this.options.exhaustive ? `, ${this.pruned} pruned` : '';
    this.options.progress(`explore: ${this.schedules} schedules${pruned} in ${seconds.toFixed(1)} s (${rate}/s), ${this.violations} violation(s)`);
  }
}

async function seededSearch(options: ExploreOptions, tracker: Tracker): Promise<void> {
  for (let seed = options.fromSeed; seed < options.fromSeed + options.seeds; seed++) {
    const result = new Simulation(options.settings, new SeededChoices(seed)).run();
    if (await tracker.record(result, seed)) return;
  }
  tracker.complete = true;
}

/** Thrown inside a run that reached a point whose every continuation is covered elsewhere. */
class AlreadyExplored extends Error {}

/**
 * Depth-first over the untimed scheduler's choices, re-running from the start
 * with a prefix of choices (no state is copied). Two reductions keep it small,
 * both sound because the verifier judges each peer's own sequence of lines:
 * - sleep sets: steps on different peers commute, so after exploring step a,
 *   its sibling b's subtree need not take a again before something on a's
 *   peer happens;
 * - a state met again (same key, see MergedLog.stateKey) is not explored
 *   again unless it now has fewer steps asleep than when first explored.
 */
async function exhaustiveSearch(options: ExploreOptions, tracker: Tracker): Promise<void> {
  const settings: SimSettings = { ...options.settings, mode: 'untimed' };
  const visited = new Map<string, ReadonlyMap<string, number>>();
  let prefix: number[] = [];
  for (;;) {
    const source = new DepthFirstChoices(prefix);
    const simulation = new Simulation(settings, source);
    source.atNewState = (asleep) => {
      const key = simulation.stateKey();
      const before = visited.get(key);
      if (before && [...before.keys()].every((id) => asleep.has(id))) throw new AlreadyExplored();
      visited.set(key, before ? new Map([...asleep].filter(([id]) => before.has(id))) : asleep);
    };
    let result: SimResult | null = null;
    try {
      result = simulation.run();
    } catch (error) {
      if (!(error instanceof AlreadyExplored)) throw error;
      tracker.pruned++;
      tracker.tick();
    }
    if (result && (await tracker.record(result, null))) return;
    if (tracker.schedules >= options.maxSchedules) return;
    const next = source.nextPrefix();
    if (next === null) {
      tracker.complete = true;
      return;
    }
    prefix = next;
  }
}

interface SearchNode {
  options: readonly StepOption[];
  /** Steps not to take here (id -> peer): their schedules are covered by an earlier sibling. */
  asleep: ReadonlyMap<string, number>;
  taken: number;
}

/** Replays a prefix of step indexes, then takes the first step not asleep, recording each point for backtracking. */
class DepthFirstChoices implements ChoiceSource {
  readonly made: number[] = [];
  private readonly nodes: SearchNode[] = [];
  private asleep: ReadonlyMap<string, number> = new Map();
  atNewState: (asleep: ReadonlyMap<string, number>) => void = () => {};

  constructor(private readonly prefix: readonly number[]) {}

  choose(): number {
    throw new Error('the untimed scheduler makes no choice but the next step');
  }

  pick(options: readonly StepOption[]): number {
    const depth = this.made.length;
    let taken: number;
    if (depth < this.prefix.length) {
      taken = this.prefix[depth]!;
    } else {
      this.atNewState(this.asleep);
      taken = this.firstAwake(options, this.asleep, 0);
      if (taken < 0) throw new AlreadyExplored();
    }
    this.nodes.push({ options, asleep: this.asleep, taken });
    this.made.push(taken);
    // The child keeps asleep what commutes with the step taken: earlier siblings and inherited sleepers on other peers.
    const step = options[taken]!;
    const next = new Map<string, number>();
    for (const [id, peer] of this.asleep) if (peer !== step.peer) next.set(id, peer);
    for (let i = 0; i < taken; i++) if (options[i]!.peer !== step.peer) next.set(options[i]!.id, options[i]!.peer);
    this.asleep = next;
    return taken;
  }

  /** The next awake sibling of the deepest step that has one, or null when the tree is done. */
  nextPrefix(): number[] | null {
    for (let depth = this.nodes.length - 1; depth >= 0; depth--) {
      const node = this.nodes[depth]!;
      const sibling = this.firstAwake(node.options, node.asleep, node.taken + 1);
      if (sibling >= 0) return [...this.made.slice(0, depth), sibling];
    }
    return null;
  }

  private firstAwake(options: readonly StepOption[], asleep: ReadonlyMap<string, number>, from: number): number {
    for (let i = from; i < options.length; i++) if (!asleep.has(options[i]!.id)) return i;
    return -1;
  }
}

/**
 * Makes a failing schedule smaller while it still fails with a finding of
 * the same category (the mutant's own, when the schedule found shows it):
 * cut the tail (missing choices read as 0), zero single choices, halve them.
 * Value 0 is always the plainest option (no fault, shortest delay, first
 * candidate), so what survives is what the failure needs.
 */
export async function shrink(found: Violation, options: ExploreOptions): Promise<{ violation: Violation; replays: number }> {
  const settings: SimSettings = options.exhaustive ? { ...options.settings, mode: 'untimed' } : options.settings;
  const own = options.mutantCategory;
  const categories = new Set(own !== null && found.findings.some((f) => f.category === own) ? [own] : found.findings.map((f) => f.category));
  let best = found;
  let replays = 0;
  const attempt = async (choices: number[]): Promise<boolean> => {
    if (replays >= options.shrinkBudget) return false;
    replays++;
    const result = new Simulation(settings, new ReplayedChoices(choices)).run();
    const findings = violationsIn(await verifyRun(result, options));
    if (!findings.some((f) => categories.has(f.category))) return false;
    best = { seed: found.seed, choices: trimZeros(result.choices), findings, log: result.log };
    return true;
  };
  for (let improved = true; improved && replays < options.shrinkBudget; ) {
    improved = false;
    for (let keep = Math.floor(best.choices.length / 2); keep < best.choices.length; keep = Math.ceil((keep + best.choices.length) / 2)) {
      if (await attempt(best.choices.slice(0, keep))) {
        improved = true;
        break;
      }
      if (best.choices.length - keep <= 1) break;
    }
    for (let i = best.choices.length - 1; i >= 0; i--) {
      const value = best.choices[i];
      if (value === undefined || value === 0) continue;
      for (const smaller of value > 1 ? [0, Math.floor(value / 2)] : [0]) {
        const candidate = [...best.choices];
        candidate[i] = smaller;
        if (await attempt(candidate)) {
          improved = true;
          break;
        }
      }
    }
  }
  return { violation: best, replays };
}

function trimZeros(choices: readonly number[]): number[] {
  let end = choices.length;
  while (end > 0 && choices[end - 1] === 0) end--;
  return choices.slice(0, end);
}
