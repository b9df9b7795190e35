// What a rule is, in the ESLint manner: `meta` (id, category, severity, doc,
// message templates, hint), `create(context)` returning listeners, and
// examples that the test suite runs. Adding a rule = one file + its examples,
// listed in rules/index.ts (or in a scenario's expectations).

import type { LineRecord } from '../parse/record.js';
import type { Facts, RunModel } from '../transcript/model.js';
import type { Category, Profile, RunEvent, Severity, SourceRef, Topology } from '../types.js';

export interface RuleMeta {
  /** `family/name`, e.g. acceptor/accept-below-promise. */
  id: string;
  category: Category;
  /** Default severity; a rule may lower it for one finding and says so in its doc. */
  severity: Severity;
  /** One paragraph: what is checked, and why. */
  docs: string;
  /** Message templates by id; `{name}` is filled from the report's data. */
  messages: Record<string, string>;
  /** Default hint, in the student's terms. */
  hint: string;
}

export type EventSelector =
  | 'sent:prepare'
  | 'sent:prepare_ack'
  | 'sent:accept'
  | 'sent:accept_ack'
  | 'received:prepare'
  | 'received:prepare_ack'
  | 'received:accept'
  | 'received:accept_ack'
  | 'chose:chose'
  | 'event';

export interface RuleListeners {
  /** Every logical line, in input order, after parsing. */
  record?: (record: LineRecord) => void;
  /** Events in causal replay order, with what the model established about them. */
  on?: Partial<Record<EventSelector, (event: RunEvent, facts: Facts) => void>>;
  /** After the whole input, when every event has run. */
  end?: () => void;
}

export interface ReportDescriptor {
  messageId: string;
  data?: Record<string, string | number | null>;
  /** The event the finding is about: gives file, line, peer and event id. */
  event?: RunEvent | null;
  /** Or a place in the input. */
  at?: SourceRef | null;
  column?: number | null;
  /** Printing peer, when not given by `event`. */
  peer?: number | null;
  expected?: string | null;
  seen?: string | null;
  hint?: string;
  severity?: Severity;
  /** Findings of this rule with the same key merge into one, counting occurrences. */
  mergeKey?: string | null;
}

/** Scenario parameters a rule may read (testcase expectations). */
export interface ScenarioParams {
  /** Values proposers were started with (-v), by proposer id. */
  proposedValues: Record<number, string>;
  /** The value everyone must agree on. */
  expectedValue: string;
  /** tc2: the acceptor that must accept the first proposal before the second proposer's prepare. */
  pivotAcceptor?: number;
  firstProposer?: number;
  secondProposer?: number;
}

export interface RuleContext {
  readonly profile: Profile;
  /** The configuration (may switch once, when --scenario auto decides). */
  readonly topology: Topology;
  readonly scenario: { name: string; params: ScenarioParams };
  readonly model: RunModel;
  /** Lines each peer printed (any kind), and where its first one was. */
  readonly printed: ReadonlyMap<number, { lines: number; first: SourceRef }>;
  report(descriptor: ReportDescriptor): void;
  /** A proposal number as the run writes it (101, or 1.1 when it prints decimals). */
  formatN(n: number): string;
}

export interface RuleExample {
  name: string;
  /** Merged log, usually written with the compact notation of rules/examples.ts. */
  log: string;
  scenario?: string;
  profile?: Profile;
}

export interface Rule {
  meta: RuleMeta;
  create(context: RuleContext): RuleListeners;
  examples: { valid: RuleExample[]; invalid: RuleExample[] };
}
