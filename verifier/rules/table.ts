// The rule catalogue in Markdown, generated from the rules' meta so
// docs/verifier.md cannot drift from the code (a test compares them;
// `paxos-verify --list-rules` prints this block to paste there).

import schema from '../../schemas/report.schema.json' with { type: 'json' };
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

function uniqueById(rules: Rule[]): Rule[] {
  return rules.filter((rule, i) => rules.findIndex((r) => r.meta.id === rule.meta.id) === i);
}

export function ruleTable(): string {
  const rules = uniqueById(allRules());
  const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const categories = (schema.$defs.category.enum as string[]).map((category) => {
    const ids = rules.filter((r) => r.meta.category === category).map((r) => `\`${r.meta.id}\``);
    return `| ${category} | ${ids.join(', ') || '(none)'} |`;
  });
  const rows = rules.map((rule) => {
    const scenarios = listScenarios().filter((s) => s.expectations.some((r) => r.meta.id === rule.meta.id)).map((s) => s.name);
    const scope = scenarios.length > 0 ? scenarios.join(', ') : 'all';
    return `| \`${rule.meta.id}\` | ${rule.meta.category} | ${rule.meta.severity} | ${scope} | ${cell(rule.meta.docs)} |`;
  });
  return [
    '#### Categories (the kinds of the cases catalogue) and the rules that report them',
    '',
    '| Category | Rules |',
    '| --- | --- |',
    ...categories,
    '',
    '#### Rules',
    '',
    '| Rule | Category | Severity | Runs in | What it checks |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n') + '\n';
}
