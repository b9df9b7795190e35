// The class summary: a table for the terminal and the same rows as CSV
// (csv-stringify quotes what needs quoting).

import { stringify } from 'csv-stringify/sync';
import type { Rubric } from './rubric.js';
import type { SubmissionResult } from './submission.js';
import { truncate, visibleControls } from './text.js';

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
    inert(r.id),
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
  const max = rubric.testcases.reduce((total, tc) => total + tc.points, 0);
  const header = ['submission', ...ids, 'points', 'top finding'];
  const rows = results.map((r) => [
    visibleControls(r.id),
    ...ids.map((id) => {
      const cell = verdictCell(r, id);
      return `${cell.verdict} ${cell.points}`;
    }),
    `${r.points}/${r.maxPoints}`,
    r.top === '' ? '-' : r.top,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => (c === header.length - 1 ? 0 : row[c]!.length))));
  const fixed = widths.slice(0, -1).reduce((total, w) => total + w + 2, 0);
  const lastWidth = Math.max(20, (options.width ?? 120) - fixed);
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => (c === cells.length - 1 ? truncate(cell, lastWidth) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  const full = results.filter((r) => r.points === r.maxPoints).length;
  const review = results.filter((r) => r.needsReview).length;
  const mean = results.length > 0 ? results.reduce((total, r) => total + r.points, 0) / results.length : 0;
  const summary =
    `${results.length} submissions, ${full} with full points, ${review} to review by hand; ` +
    `mean ${mean.toFixed(1)}/${max}`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '', summary, ''].join('\n');
}
