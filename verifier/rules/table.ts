// The rule catalogue as a Markdown table, generated from the rules' meta so
// docs/verifier.md cannot drift from the code (a test compares them).

import { listScenarios } from '../scenarios/registry.js';
import { CORE_RULES } from './index.js';
import type { Rule } from './types.js';

/** Every rule: the core ones, then each scenario's expectations (once each). */
export function allRules(): Rule[] {
  const rules = [...CORE_RULES];
  for (const scenario of listScenarios()) {
    for (const rule of scenario.expectations) if (!rules.includes(rule)) rules.push(rule);
  }
  return rules;
}

export function ruleTable(): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const rows = allRules().map((rule) => {
    const scenarios = listScenarios().filter((s) => s.expectations.includes(rule)).map((s) => s.name);
    const scope = scenarios.length > 0 ? scenarios.join(', ') : 'all';
    return `| \`${rule.meta.id}\` | ${rule.meta.category} | ${rule.meta.severity} | ${scope} | ${cell(rule.meta.docs)} |`;
  });
  return ['| Rule | Category | Severity | Runs in | What it checks |', '| --- | --- | --- | --- | --- |', ...rows].join('\n') + '\n';
}
