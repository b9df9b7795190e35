// Every rule, ESLint style: its meta is complete, each valid example yields
// none of its findings, each invalid example at least one, worded from the
// rule's own message templates. Runs each rule on its examples whatever
// scenario they name (the `rules` option), so scenario rules are covered too.

import t from 'tap';
import schema from '../schemas/report.schema.json' with { type: 'json' };
import { verify } from '../verifier/index.js';
import { allRules } from '../verifier/rules/table.js';
import type { Rule } from '../verifier/rules/types.js';

const CATEGORIES = schema.$defs.category.enum as string[];

const byId = new Map<string, Rule[]>();
for (const rule of allRules()) byId.set(rule.meta.id, [...(byId.get(rule.meta.id) ?? []), rule]);

for (const [id, rules] of byId) {
  t.test(id, async (t) => {
    t.match(id, /^[a-z0-9]+(-[a-z0-9]+)*\/[a-z0-9]+(-[a-z0-9]+)*$/, 'id is family/name');
    t.ok(rules.reduce((n, r) => n + r.examples.invalid.length, 0) > 0, 'has an invalid example: the rule can fire');
    for (const rule of rules) {
      const { meta } = rule;
      t.ok(CATEGORIES.includes(meta.category), `category ${meta.category} is one of the catalogue's kinds`);
      t.ok(['error', 'warning', 'info'].includes(meta.severity), 'severity');
      t.ok(meta.docs.length > 60, 'a paragraph of doc');
      t.ok(meta.hint.length > 10, 'a hint');
      t.ok(Object.keys(meta.messages).length > 0, 'message templates');
      for (const example of rule.examples.valid) {
        const report = await verify([{ text: example.log, name: 'example.log' }], { scenario: example.scenario ?? 'tc1', profile: example.profile ?? 'strict', rules: [rule] });
        t.equal(report.fatal, null, `valid "${example.name}" runs`);
        t.same(report.findings.filter((f) => f.ruleId === id).map((f) => f.message), [], `valid: ${example.name}`);
      }
      for (const example of rule.examples.invalid) {
        const report = await verify([{ text: example.log, name: 'example.log' }], { scenario: example.scenario ?? 'tc1', profile: example.profile ?? 'strict', rules: [rule] });
        const mine = report.findings.filter((f) => f.ruleId === id);
        t.ok(mine.length > 0, `invalid: ${example.name}`);
        for (const f of mine) {
          t.ok(f.messageId in meta.messages, `message ${f.messageId} is a template of the rule`);
          t.notMatch(f.message, /\{\w+\}/, 'every placeholder filled');
          t.equal(f.category, meta.category);
        }
      }
    }
  });
}

t.test('every kind of the cases catalogue has at least one rule', async (t) => {
  const covered = new Set(allRules().map((r) => r.meta.category));
  for (const category of CATEGORIES) t.ok(covered.has(category as never), category);
});

t.test('a safety violation fails whatever the profile', async (t) => {
  const agreement = allRules().find((r) => r.meta.id === 'run/agreement')!;
  for (const example of agreement.examples.invalid) {
    for (const profile of ['strict', 'lenient'] as const) {
      const report = await verify([{ text: example.log }], { scenario: example.scenario ?? 'tc1', profile });
      t.equal(report.verdict, 'fail', `${example.name} (${profile})`);
      t.ok(report.findings.some((f) => f.ruleId === 'run/agreement' && f.severity === 'error'));
    }
  }
});
