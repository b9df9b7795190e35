// TAP version 14: one test point per rule that ran, its findings in a YAML
// diagnostic block; warnings and notes do not fail a point. Ends with the
// plan and the summary line as a comment.

import { stringify } from 'yaml';
import type { Finding, Report } from '../types.js';
import { escapeText } from './escape.js';
import { summaryLine } from './summary.js';

export function renderTap(report: Report): string {
  const out = ['TAP version 14'];
  if (report.fatal !== null) {
    out.push(`Bail out! ${escapeText(report.fatal)}`);
    return `${out.join('\n')}\n`;
  }
  out.push(`# scenario ${report.scenario.name} (${escapeText(report.scenario.reason)}), profile ${report.profile}`);
  report.rules.forEach((rule, i) => {
    const findings = report.findings.filter((f) => f.ruleId === rule.id);
    const note = rule.outcome === 'warn' ? ` (${rule.occurrences} warning${rule.occurrences === 1 ? '' : 's'} or notes)` : '';
    out.push(`${rule.outcome === 'fail' ? 'not ok' : 'ok'} ${i + 1} - ${rule.id}${note}`);
    if (findings.length === 0) return;
    const diagnostics = {
      category: rule.category,
      severity: rule.severity,
      occurrences: rule.occurrences,
      findings: findings.map((f) => yamlFinding(f)),
    };
    out.push('  ---');
    for (const line of stringify(diagnostics, { lineWidth: 0 }).trimEnd().split('\n')) out.push(`  ${line}`);
    out.push('  ...');
  });
  out.push(`1..${report.rules.length}`);
  out.push(`# ${escapeText(summaryLine(report))}`);
  return `${out.join('\n')}\n`;
}

function yamlFinding(f: Finding): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    at: f.file === null ? 'run' : `${escapeText(f.file)}:${f.line ?? '?'}${f.column !== null ? `:${f.column}` : ''}`,
    peer: f.peer,
    severity: f.severity,
    message: escapeText(f.message),
  };
  if (f.expected !== null) entry['expected'] = escapeText(f.expected);
  if (f.seen !== null) entry['seen'] = escapeText(f.seen);
  entry['hint'] = escapeText(f.hint);
  if (f.occurrences > 1) entry['occurrences'] = f.occurrences;
  return entry;
}
