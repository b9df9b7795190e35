import type { Report, Severity } from '../types.js';

const WORDS: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Findings by severity, each counted once however many lines it covers, with
 * those lines when there are more: "1 error seen on 3 lines".
 */
export function severityCounts(report: Report, severities: readonly Severity[] = ['error', 'warning', 'info']): string {
  return severities.map((severity) => {
    const findings = report.counts.findings[severity];
    const lines = report.counts[severity];
    return `${plural(findings, WORDS[severity])}${lines > findings ? ` seen on ${plural(lines, 'line')}` : ''}`;
  }).join(', ');
}

/** One line: verdict, scenario, profile, counts; shared by the text and TAP reporters. */
export function summaryLine(report: Report): string {
  if (report.fatal !== null) return `COULD NOT RUN: ${report.fatal}`;
  const c = report.counts;
  const omitted = c.omitted > 0 ? `, ${c.omitted} not listed` : '';
  const s = report.stats;
  return `${report.verdict === 'pass' ? 'PASS' : 'FAIL'} ${report.scenario.name} (${report.scenario.reason}), ${report.profile} profile: ` +
    `${severityCounts(report)}${omitted}; ` +
    `${plural(s.lines, 'line')} from ${plural(report.inputs.length, 'input')}, ${plural(s.events, 'event')}, printed by ${plural(s.peers.length, 'peer')}`;
}
