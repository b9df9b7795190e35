// Turns the verifier's report on one testcase into points with the rubric:
// every finding goes to the item that owns it; an item keeps its points while
// it owns no error (all-or-nothing), or loses deductPerError per error
// occurrence (per-error). Warnings cost nothing unless the item says so.

import type { Finding, VerifierReport } from '../verifier/types.js';
import type { TestcaseId, TestcaseInput } from './discover.js';
import { ownerOf, roundPoints, type Rubric, type RubricItem, type RubricTestcase } from './rubric.js';

export type Visibility = 'visible' | 'hidden' | 'after_due_date' | 'after_published';

/** pass/fail: verified; missing/ambiguous: no single log found; error: the verifier could not run on it. */
export type TestcaseVerdict = 'pass' | 'fail' | 'missing' | 'ambiguous' | 'error';

export interface ItemOutcome {
  name: string;
  points: number;
  maxPoints: number;
  visibility: Visibility;
  /** Findings the item owns (errors first), as the report lists them. */
  findings: Finding[];
  /** Error occurrences that counted against the item. */
  errors: number;
}

export interface TestcaseOutcome {
  id: TestcaseId;
  name: string;
  verdict: TestcaseVerdict;
  /** Why the testcase got no points without being verified, or the verifier's fatal reason. */
  reason: string | null;
  input: TestcaseInput | null;
  report: VerifierReport | null;
  points: number;
  maxPoints: number;
  items: ItemOutcome[];
  /** Error findings no item owns (only when the rubric has no other: true item). */
  unowned: Finding[];
  /** The diagram page, relative to the submission's output folder, when written. */
  diagram: string | null;
  durationMs: number;
}

export function visibilityOf(rubric: Rubric, tc: RubricTestcase, item: RubricItem): Visibility {
  return item.visibility ?? tc.visibility ?? rubric.visibility ?? 'visible';
}

function counts(item: RubricItem, finding: Finding): boolean {
  return finding.severity === 'error' || (item.countWarnings === true && finding.severity === 'warning');
}

function itemPoints(item: RubricItem, errors: number): number {
  if (errors === 0) return roundPoints(item.points);
  if (item.scoring === 'per-error') return roundPoints(Math.max(0, item.points - errors * item.deductPerError!));
  return 0;
}

/** Scores a verified testcase. */
export function scoreReport(
  rubric: Rubric,
  tc: RubricTestcase,
  report: VerifierReport,
  input: TestcaseInput,
  durationMs: number,
): TestcaseOutcome {
  const owned = new Map<RubricItem, Finding[]>(tc.items.map((item) => [item, []]));
  const unowned: Finding[] = [];
  for (const finding of report.findings) {
    const owner = ownerOf(tc, finding);
    if (owner) owned.get(owner)!.push(finding);
    else if (finding.severity === 'error') unowned.push(finding);
  }
  const fatal = report.fatal !== null;
  const items = tc.items.map((item): ItemOutcome => {
    const findings = owned.get(item)!.sort((a, b) => rank(a) - rank(b));
    const errors = findings.filter((f) => counts(item, f)).reduce((total, f) => total + f.occurrences, 0);
    return {
      name: item.name,
      points: fatal ? 0 : itemPoints(item, errors),
      maxPoints: roundPoints(item.points),
      visibility: visibilityOf(rubric, tc, item),
      findings,
      errors,
    };
  });
  return {
    id: tc.id,
    name: tc.name,
    verdict: fatal ? 'error' : report.verdict,
    reason: report.fatal,
    input,
    report,
    points: roundPoints(items.reduce((total, i) => total + i.points, 0)),
    maxPoints: roundPoints(tc.points),
    items,
    unowned,
    diagram: null,
    durationMs,
  };
}

/** A testcase that could not be verified: every item gets 0, with the reason. */
export function scoreUnverified(
  rubric: Rubric,
  tc: RubricTestcase,
  verdict: 'missing' | 'ambiguous' | 'error',
  reason: string,
  input: TestcaseInput | null,
): TestcaseOutcome {
  return {
    id: tc.id,
    name: tc.name,
    verdict,
    reason,
    input,
    report: null,
    points: 0,
    maxPoints: roundPoints(tc.points),
    items: tc.items.map((item) => ({
      name: item.name,
      points: 0,
      maxPoints: roundPoints(item.points),
      visibility: visibilityOf(rubric, tc, item),
      findings: [],
      errors: 0,
    })),
    unowned: [],
    diagram: null,
    durationMs: 0,
  };
}

function rank(f: Finding): number {
  return f.severity === 'error' ? 0 : f.severity === 'warning' ? 1 : 2;
}

/** The finding to show first for a testcase: its first error, else its first warning. */
export function topFindingOf(outcome: TestcaseOutcome): Finding | null {
  const all = outcome.report?.findings ?? [];
  return all.find((f) => f.severity === 'error') ?? all.find((f) => f.severity === 'warning') ?? null;
}

/** One finding as a compiler-style line: "tc1.log:12 peer3 rule-id: message". */
export function findingLine(f: Finding): string {
  const where = f.file === null ? '' : f.line === null ? `${f.file} ` : `${f.file}:${f.line} `;
  const peer = f.peer === null ? '' : `${f.peer} `;
  const times = f.occurrences > 1 ? ` (${f.occurrences} times)` : '';
  return `${where}${peer}${f.severity} ${f.ruleId}: ${f.message}${times}`;
}
