// Compiler-style text: `file:line peer3 severity rule-id message`, then the
// expected/seen pair and the hint, indented. Colours only when asked (the
// CLI asks on a TTY without NO_COLOR); student text is always escaped.

import type { Finding, Report } from '../types.js';
import { listScenarios } from '../scenarios/registry.js';
import { escapeText } from './escape.js';
import { summaryLine } from './summary.js';

const COLOURS = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

export function renderText(report: Report, options: { colour?: boolean } = {}): string {
  const paint = (colour: keyof typeof COLOURS, text: string): string => (options.colour ? `${COLOURS[colour]}${text}${COLOURS.reset}` : text);
  const out: string[] = [];
  for (const input of report.inputs) {
    for (const note of input.notes) out.push(paint('dim', `note: ${escapeText(input.name)}: ${note}`));
  }
  for (const f of report.findings) out.push(...finding(f, paint));
  if (report.fatal === null && report.verdict === 'fail' && report.scenario.autoDetected) out.push(paint('dim', autoScenarioNote(report.scenario.name)));
  out.push(paint('bold', summaryLine(report).replace(/^.*$/, (s) => escapeText(s))));
  return `${out.join('\n')}\n`;
}

function finding(f: Finding, paint: (colour: 'error' | 'warning' | 'info' | 'dim' | 'bold', text: string) => string): string[] {
  const where = f.file === null ? '<run>' : `${escapeText(f.file)}:${f.line ?? '?'}${f.column !== null ? `:${f.column}` : ''}`;
  const times = f.occurrences > 1 ? ` (${f.occurrences} times)` : '';
  const lines = [`${where} ${f.peer ?? '-'} ${paint(f.severity, f.severity)} ${f.ruleId} ${escapeText(f.message)}${times}`];
  if (f.expected !== null || f.seen !== null) {
    lines.push(`    expected: ${escapeText(f.expected ?? '-')}; seen: ${escapeText(f.seen ?? '-')}`);
  }
  lines.push(paint('dim', `    hint: ${escapeText(f.hint)}`));
  if (f.otherLocations.length > 0) {
    const more = f.otherLocations.map((l) => (l.file === f.file ? `line ${l.line}` : `${escapeText(l.file)}:${l.line}`)).join(', ');
    const rest = f.occurrences - 1 - f.otherLocations.length;
    lines.push(`    also at ${more}${rest > 0 ? ` and ${rest} more` : ''}`);
  }
  return lines;
}

/**
 * A run of another scenario (a simulator scenario piped in without
 * --scenario) fails the expectations of the one auto picked: the findings
 * then blame the student for the wrong reason, so say how to name the right one.
 */
function autoScenarioNote(chosen: string): string {
  const names = listScenarios().map((s) => s.name);
  const known = names.length > 0 ? `: ${names.join(', ')}` : ' (see --help)';
  return `note: scenario ${escapeText(chosen)} was chosen automatically; if the run is of another scenario, name it with --scenario NAME${known}`;
}
