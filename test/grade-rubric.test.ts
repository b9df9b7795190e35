// Rubrics: the default one loads and follows the handout; bad ones are
// rejected with the place named; findings go to the item that owns them;
// all-or-nothing and per-error scoring; warnings cost nothing by default.

import t from 'tap';
import { checkRubricAgainstVerifier } from '../grade/index.js';
import { loadRubric, maxPoints, ownerOf, parseRubric, RubricError, type Rubric } from '../grade/rubric.js';
import { scoreReport } from '../grade/score.js';
import { verify } from '../verifier/index.js';
import { CORE_RULES } from '../verifier/rules/index.js';
import type { Finding, VerifierReport } from '../verifier/types.js';
import { goldenTc1 } from './grade-helpers.js';

const yaml = (items: string, points = 10): string =>
  `rubricVersion: 1\ntitle: t\ntestcases:\n  - id: tc1\n    name: one\n    scenario: tc1\n    points: ${points}\n    items:\n${items}`;

t.test('the default rubric: 90 points, every item names real categories and scenarios', async (t) => {
  const rubric = loadRubric();
  t.equal(maxPoints(rubric), 90);
  t.doesNotThrow(() => checkRubricAgainstVerifier(rubric));
  for (const tc of rubric.testcases) t.equal(tc.items.filter((i) => i.other === true).length, 1, `${tc.id} has a catch-all item`);
});

t.test('the default rubric names every category an error-severity rule reports: none falls to the catch-all unplaced', async (t) => {
  const errorCategories = new Set(CORE_RULES.filter((rule) => rule.meta.severity === 'error').map((rule) => rule.meta.category));
  for (const tc of loadRubric().testcases) {
    const named = new Set(tc.items.flatMap((item) => item.categories ?? []));
    for (const category of errorCategories) t.ok(named.has(category), `${tc.id} places ${category}`);
  }
});

t.test('bad rubrics are rejected with the reason', async (t) => {
  const cases: [string, string, RegExp][] = [
    ['r.yaml', 'rubricVersion: 1\ntitle: [unclosed\n', /not valid YAML/],
    ['r.json', '{"rubricVersion": 1,', /not valid JSON/],
    ['r.yaml', yaml('      - name: a\n        points: 10\n        categories: [no-such-category]\n'), /categories\/0: must be equal to one of the allowed values/],
    ['r.yaml', yaml('      - name: a\n        points: 10\n'), /must have required property/],
    ['r.yaml', yaml('      - name: a\n        points: 4\n        other: true\n'), /worth 10 points but its items add up to 4/],
    ['r.yaml', yaml('      - name: a\n        points: 10\n        other: true\n        scoring: per-error\n'), /deductPerError/],
    ['r.yaml', yaml('      - name: a\n        points: 5\n        other: true\n      - name: b\n        points: 5\n        other: true\n'), /more than one item with other: true/],
    ['r.yaml', yaml('      - name: a\n        points: 10\n        other: true\n        deductPerError: 2\n'), /item "a" has deductPerError but not scoring: per-error/],
    ['r.yaml', yaml('      - name: a\n        points: 10\n        other: true\n        scoring: all-or-nothing\n        deductPerError: 2\n'), /item "a" has deductPerError but not scoring: per-error/],
    [
      'r.yaml',
      yaml('      - name: a\n        points: 3.3333333333333335\n        other: true\n      - name: b\n        points: 6.666666666666667\n        categories: [schema]\n'),
      /item "a" points 3\.3333333333333335 has more than 2 decimals; write e\.g\. 3\.33/,
    ],
  ];
  for (const [name, text, message] of cases) {
    t.throws(() => parseRubric(text, name), message, message.source);
    let thrown: unknown = null;
    try {
      parseRubric(text, name);
    } catch (error) {
      thrown = error;
    }
    t.ok(thrown instanceof RubricError, 'a RubricError, shown as one line by the CLI');
  }
  t.doesNotThrow(
    () => parseRubric(yaml('      - name: a\n        points: 3.33\n        other: true\n      - name: b\n        points: 3.33\n        categories: [schema]\n      - name: c\n        points: 3.34\n        categories: [pairing]\n'), 'r.yaml'),
    'two decimals are fine, and 3.33 + 3.33 + 3.34 is 10',
  );
  const unknownScenario = parseRubric(yaml('      - name: a\n        points: 10\n        other: true\n').replace('scenario: tc1', 'scenario: tc9'), 'r.yaml');
  t.throws(() => checkRubricAgainstVerifier(unknownScenario), /unknown scenario "tc9"/);
});

t.test('a finding goes to the item naming its rule, then its category, then the catch-all', async (t) => {
  const rubric = parseRubric(
    yaml(
      '      - name: by-rule\n        points: 3\n        rules: [run/agreement]\n' +
        '      - name: by-category\n        points: 3\n        categories: [agreement, pairing]\n' +
        '      - name: rest\n        points: 4\n        other: true\n',
    ),
    'r.yaml',
  );
  const tc = rubric.testcases[0]!;
  t.equal(ownerOf(tc, { ruleId: 'run/agreement', category: 'agreement' })?.name, 'by-rule');
  t.equal(ownerOf(tc, { ruleId: 'pairing/received-without-send', category: 'pairing' })?.name, 'by-category');
  t.equal(ownerOf(tc, { ruleId: 'syntax/json', category: 'json-syntax' })?.name, 'rest');
});

async function reportWith(findings: Partial<Finding>[]): Promise<VerifierReport> {
  // A real report of a passing run, with findings added as a rule would add them.
  const report = await verify([{ path: goldenTc1 }], { scenario: 'tc1' });
  const base: Finding = {
    ruleId: 'acceptor/accept-below-promise', messageId: 'm', category: 'accept-below-promise', severity: 'error', file: 'tc1.log', line: 3,
    column: null, peer: 'peer2', message: 'm', expected: null, seen: null, hint: 'h', occurrences: 1, otherLocations: [], eventId: null,
  };
  return { ...report, verdict: 'fail', findings: findings.map((f) => ({ ...base, ...f })) };
}

t.test('scoring: all-or-nothing, per-error with a floor at 0, warnings free unless counted', async (t) => {
  const rubric: Rubric = parseRubric(
    yaml(
      '      - name: whole\n        points: 4\n        categories: [accept-below-promise]\n' +
        '      - name: graded\n        points: 4\n        categories: [quorum-prepare]\n        scoring: per-error\n        deductPerError: 1.5\n' +
        '      - name: strict-warnings\n        points: 2\n        categories: [chose-by-acceptor]\n        countWarnings: true\n        other: true\n',
    ),
    'r.yaml',
  );
  const tc = rubric.testcases[0]!;
  const input = { relative: ['tc1.log'], paths: [goldenTc1], kind: 'merged-log' as const };
  const score = async (findings: Partial<Finding>[]) => scoreReport(rubric, tc, await reportWith(findings), input, 1).items.map((i) => i.points);

  t.same(await score([]), [4, 4, 2], 'no findings: full points');
  t.same(await score([{ occurrences: 3 }]), [0, 4, 2], 'all-or-nothing: any error costs the item');
  t.same(await score([{ category: 'accept-below-promise', severity: 'warning' }]), [4, 4, 2], 'a warning costs nothing');
  t.same(await score([{ category: 'quorum-prepare', occurrences: 2 }]), [4, 1, 2], 'per-error: 2 x 1.5 off');
  t.same(await score([{ category: 'quorum-prepare', occurrences: 9 }]), [4, 0, 2], 'never below 0');
  t.same(await score([{ category: 'chose-by-acceptor', severity: 'warning' }]), [4, 4, 0], 'countWarnings: true');
  t.same(await score([{ category: 'json-syntax' }]), [4, 4, 0], 'an error nobody names falls to the catch-all');
});
