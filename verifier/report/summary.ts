import type { Report } from '../types.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One line: verdict, scenario, profile, counts; shared by the text and TAP reporters. */
export function summaryLine(report: Report): string {
  if (report.fatal !== null) return `COULD NOT RUN: ${report.fatal}`;
  const c = report.counts;
  const omitted = c.omitted > 0 ? ` (${c.omitted} not listed)` : '';
  const s = report.stats;
  return `${report.verdict === 'pass' ? 'PASS' : 'FAIL'} ${report.scenario.name} (${report.scenario.reason}), ${report.profile} profile: ` +
    `${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${plural(c.info, 'note')}${omitted}; ` +
    `${plural(s.lines, 'line')} from ${plural(report.inputs.length, 'input')}, ${plural(s.events, 'event')}, ${plural(s.peers.length, 'peer')}`;
}
