// Where findings accumulate. The same mistake seen again (same rule and
// merge key) adds to one finding's occurrences instead of a new entry; each
// rule keeps at most `maxPerRule` entries, the rest only counted, so a
// million-line log with one systematic mistake stays a short report.

import type { Category, Finding, Severity } from '../types.js';

export const DEFAULT_MAX_PER_RULE = 50;
const MAX_OTHER_LOCATIONS = 10;

export type NewFinding = Omit<Finding, 'occurrences' | 'otherLocations'>;

export class FindingCollector {
  private readonly list: Finding[] = [];
  private readonly merged = new Map<string, Finding>();
  private readonly storedPerRule = new Map<string, number>();
  /** Occurrences: every report, merged or omitted ones included. */
  readonly bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  /** Findings: each distinct entry once, listed or omitted. */
  readonly findingsBySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  readonly byCategory = new Map<Category, number>();
  readonly byRule = new Map<string, number>();
  readonly worstByRule = new Map<string, Severity>();
  omitted = 0;

  constructor(private readonly maxPerRule = DEFAULT_MAX_PER_RULE) {}

  add(finding: NewFinding, mergeKey: string | null = null): void {
    this.bySeverity[finding.severity]++;
    this.byCategory.set(finding.category, (this.byCategory.get(finding.category) ?? 0) + 1);
    this.byRule.set(finding.ruleId, (this.byRule.get(finding.ruleId) ?? 0) + 1);
    const worst = this.worstByRule.get(finding.ruleId);
    if (!worst || rank(finding.severity) > rank(worst)) this.worstByRule.set(finding.ruleId, finding.severity);
    const key = mergeKey === null ? null : `${finding.ruleId}\u0000${finding.severity}\u0000${mergeKey}`;
    if (key !== null) {
      const existing = this.merged.get(key);
      if (existing) {
        existing.occurrences++;
        if (finding.file !== null && finding.line !== null && existing.otherLocations.length < MAX_OTHER_LOCATIONS) {
          existing.otherLocations.push({ file: finding.file, line: finding.line });
        }
        return;
      }
    }
    this.findingsBySeverity[finding.severity]++;
    const stored = this.storedPerRule.get(finding.ruleId) ?? 0;
    if (stored >= this.maxPerRule) {
      this.omitted++;
      return;
    }
    this.storedPerRule.set(finding.ruleId, stored + 1);
    const full: Finding = { ...finding, occurrences: 1, otherLocations: [] };
    this.list.push(full);
    if (key !== null) this.merged.set(key, full);
  }

  /** Findings in input order (by file as given, then line); run-wide ones last. */
  sorted(fileOrder: readonly string[]): Finding[] {
    const index = new Map(fileOrder.map((f, i) => [f, i]));
    const position = (f: Finding): number => (f.file === null ? Number.MAX_SAFE_INTEGER : (index.get(f.file) ?? fileOrder.length));
    return this.list
      .map((f, i) => ({ f, i }))
      .sort((a, b) => position(a.f) - position(b.f) || (a.f.line ?? Infinity) - (b.f.line ?? Infinity) || a.i - b.i)
      .map(({ f }) => f);
  }

  hasErrors(): boolean {
    return this.bySeverity.error > 0;
  }
}

export function rank(severity: Severity): number {
  return severity === 'error' ? 2 : severity === 'warning' ? 1 : 0;
}
