// The class summary: a table for the terminal and the same rows as CSV
// (csv-stringify quotes what needs quoting).

import { stringify } from 'csv-stringify/sync';
import { maxPoints, type Rubric } from './rubric.js';
import type { SubmissionResult } from './submission.js';
import { cellText, displayWidth, padDisplay, truncate, visibleControls } from './text.js';

function verdictCell(result: SubmissionResult, id: string): { verdict: string; points: string } {
  const tc = result.testcases.find((t) => t.id === id);
  if (!tc) return { verdict: '-', points: '-' };
  return { verdict: tc.verdict, points: `${tc.points}/${tc.maxPoints}` };
}

/** A spreadsheet runs cells that start with = + - @ as formulas: make student text inert. */
function inert(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function toCsv(results: readonly SubmissionResult[], rubric: Rubric): string {
  const ids = rubric.testcases.map((tc) => tc.id);
  const header = ['submission', ...ids.flatMap((id) => [`${id}_verdict`, `${id}_points`]), 'points', 'max_points', 'needs_review', 'top_finding', 'notes'];
  const rows = results.map((r) => [
    inert(visibleControls(r.id)),
    ...ids.flatMap((id) => {
      const tc = r.testcases.find((t) => t.id === id);
      return [tc?.verdict ?? '', tc?.points ?? ''];
    }),
    r.points,
    r.maxPoints,
    r.needsReview ? 'yes' : 'no',
    inert(r.top),
    inert(visibleControls(r.notes.map((n) => `${n.severity}: ${n.message}`).join('; '))),
  ]);
  return stringify([header, ...rows]);
}

export interface TableOptions {
  /** Terminal width; the top finding column is cut to fit. */
  width?: number;
}

export function toTable(results: readonly SubmissionResult[], rubric: Rubric, options: TableOptions = {}): string {
  const ids = rubric.testcases.map((tc) => tc.id);
  const max = maxPoints(rubric);
  // "review" marks the rows the exit code 1 is about (the CSV's needs_review).
  const header = ['submission', ...ids, 'points', 'review', 'top finding'];
  const rows = results.map((r) => [
    cellText(r.id),
    ...ids.map((id) => {
      const cell = verdictCell(r, id);
      return `${cell.verdict} ${cell.points}`;
    }),
    `${r.points}/${r.maxPoints}`,
    r.needsReview ? 'yes' : '',
    r.top === '' ? '-' : cellText(r.top),
  ]);
  // Columns are measured in terminal cells: 李 takes two, a combining accent none.
  const widths = header.map((h, c) => Math.max(displayWidth(h), ...rows.map((row) => (c === header.length - 1 ? 0 : displayWidth(row[c]!)))));
  const fixed = widths.slice(0, -1).reduce((total, w) => total + w + 2, 0);
  const lastWidth = Math.max(20, (options.width ?? 120) - fixed);
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => (c === cells.length - 1 ? truncate(cell, lastWidth) : padDisplay(cell, widths[c]!)))
      .join('  ')
      .trimEnd();
  const full = results.filter((r) => r.points === r.maxPoints).length;
  const review = results.filter((r) => r.needsReview).length;
  const mean = results.length > 0 ? results.reduce((total, r) => total + r.points, 0) / results.length : 0;
  const summary =
    `${results.length} submission${results.length === 1 ? '' : 's'}, ${full} with full points, ${review} to review by hand; ` +
    `mean ${mean.toFixed(1)}/${max}`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '', summary, ''].join('\n');
}
