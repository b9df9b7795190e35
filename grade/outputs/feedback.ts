// The text a student reads for one rubric item, shared by every output
// format so they all say the same thing.

import type { Finding } from '../../verifier/types.js';
import type { SubmissionResult } from '../submission.js';
import { roundPoints } from '../rubric.js';
import { findingLine, type ItemOutcome, type TestcaseOutcome } from '../score.js';
import { visibleControls } from '../text.js';

/** Findings listed per item before "and N more". */
const MAX_LISTED = 10;

function findingBlock(f: Finding): string {
  const lines = [findingLine(f)];
  if (f.expected !== null || f.seen !== null) lines.push(`  expected: ${f.expected ?? '-'}; seen: ${f.seen ?? '-'}`);
  if (f.hint) lines.push(`  hint: ${f.hint}`);
  return lines.join('\n');
}

export function testName(outcome: TestcaseOutcome, item: ItemOutcome): string {
  return `${outcome.id}: ${item.name}`;
}

export function itemFeedback(outcome: TestcaseOutcome, item: ItemOutcome): string {
  const head = `${item.points}/${item.maxPoints} points`;
  if (outcome.report === null || outcome.reason !== null) {
    return visibleControls(`${head}. ${outcome.id} was not verified: ${outcome.reason ?? 'no log'}`);
  }
  if (item.findings.length === 0) return `${head}. No problems found.`;
  const listed = item.findings.slice(0, MAX_LISTED).map(findingBlock);
  if (item.findings.length > MAX_LISTED) listed.push(`… and ${item.findings.length - MAX_LISTED} more findings`);
  const what = item.errors > 0 ? '' : ' (warnings cost no points)';
  return visibleControls(`${head}${what}.\n${listed.join('\n')}`);
}

export interface SubmissionFeedbackOptions {
  /**
   * Only what tests with visibility `visible` show. Gradescope always shows the
   * top-level output, before the due date too, so points or verdicts of
   * hidden, after_due_date or after_published tests must not appear there.
   */
  onlyVisible?: boolean;
}

function sumPoints(items: readonly ItemOutcome[], key: 'points' | 'maxPoints'): number {
  return roundPoints(items.reduce((total, i) => total + i[key], 0));
}

/** Text about the whole submission: its notes, each testcase's outcome, and where its diagrams are. */
export function submissionFeedback(result: SubmissionResult, options: SubmissionFeedbackOptions = {}): string {
  const shownOf = (tc: TestcaseOutcome): ItemOutcome[] => (options.onlyVisible ? tc.items.filter((i) => i.visibility === 'visible') : tc.items);
  const everything = result.testcases.every((tc) => shownOf(tc).length === tc.items.length);
  const shownItems = result.testcases.flatMap(shownOf);
  const lines = [
    everything
      ? `${result.id}: ${result.points}/${result.maxPoints} points.`
      : `${result.id}: ${sumPoints(shownItems, 'points')}/${sumPoints(shownItems, 'maxPoints')} points on the tests shown now; the others are shown later.`,
  ];
  for (const note of result.notes) lines.push(`${note.severity}: ${note.message}`);
  for (const tc of result.testcases) {
    const inputs = tc.input ? ` (${tc.input.relative.join(', ')})` : '';
    const diagram = tc.diagram ? `; diagram: ${tc.diagram}` : '';
    const shown = shownOf(tc);
    if (shown.length === tc.items.length) {
      lines.push(`${tc.id}: ${tc.verdict}, ${tc.points}/${tc.maxPoints}${inputs}${diagram}`);
      for (const f of tc.unowned) lines.push(`  not scored by the rubric: ${findingLine(f)}`);
      continue;
    }
    // pass/fail would tell how the hidden tests went; missing, ambiguous and error are in the notes anyway.
    const verdict = tc.verdict === 'pass' || tc.verdict === 'fail' ? 'verified' : tc.verdict;
    const part = shown.length > 0 ? `, ${sumPoints(shown, 'points')}/${sumPoints(shown, 'maxPoints')} on the tests shown now` : '';
    lines.push(`${tc.id}: ${verdict}${part}${inputs}${diagram}`);
  }
  return visibleControls(lines.join('\n'));
}

/** The first place a testcase's problems point at, for formats that carry one file:line. */
export function firstLocation(item: ItemOutcome): { file: string; line: number } | null {
  const f = item.findings.find((x) => x.file !== null && x.line !== null);
  return f ? { file: f.file!, line: f.line! } : null;
}
