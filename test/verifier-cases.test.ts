// Every case through the real CLI: the shared catalogue (as copied into
// fixtures/cases and, when present, ../shared/cases itself), the broken
// catalogue, and the golden runs, which must pass.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import type { Report } from '../verifier/types.js';
import { REPO, caseDirs, runCli } from './verifier-helpers.js';

const catalogues: [string, string][] = [
  ['fixtures/cases', join(REPO, 'fixtures/cases')],
  ['fixtures/broken', join(REPO, 'fixtures/broken')],
  ['../shared/cases', join(REPO, '../shared/cases')],
];

for (const [label, root] of catalogues) {
  const cases = caseDirs(root);
  if (cases.length === 0) continue;
  t.test(label, async (t) => {
    for (const c of cases) {
      const e = c.expected;
      for (const profile of e.profiles ?? [e.profile]) {
        t.test(`${c.name} (${profile}): ${e.verdict} with ${e.must_report.join(', ') || 'nothing'} (${e.note})`, async (t) => {
          const { code, stdout, stderr } = await runCli(['--scenario', e.scenario, '--profile', profile, '--format', 'json', ...c.inputs]);
          t.equal(stderr, '', 'nothing on stderr');
          const report = JSON.parse(stdout) as Report;
          t.equal(report.verdict, e.verdict, 'verdict');
          t.equal(code, e.verdict === 'pass' ? 0 : 1, 'exit code');
          const categories = new Set(report.findings.map((f) => f.category));
          for (const category of e.must_report) t.ok(categories.has(category as never), `reports ${category}`);
          for (const category of e.must_not_report ?? []) {
            const wrong = report.findings.filter((f) => f.category === category && f.severity !== 'info');
            t.same(wrong.map((f) => `${f.line}: ${f.message}`), [], `does not report ${category}`);
          }
        });
      }
    }
  });
}

t.test('golden runs pass, and auto recognises their testcase', async (t) => {
  const golden = readdirSync(join(REPO, 'fixtures/golden')).filter((f) => f.endsWith('.log'));
  t.ok(golden.some((f) => f.startsWith('local-')), 'runs of the local launcher are there');
  for (const file of golden) {
    const scenario = /tc([12])/.exec(file)?.[0];
    t.ok(scenario, `${file} names its testcase`);
    const path = join('fixtures/golden', file);
    const given = await runCli(['--scenario', scenario!, '--format', 'json', path]);
    const report = JSON.parse(given.stdout) as Report;
    t.equal(given.code, 0, `${file} passes as ${scenario}`);
    t.same(report.findings.filter((f) => f.severity !== 'info').map((f) => f.message), [], `${file}: no errors or warnings`);
    const auto = JSON.parse((await runCli(['--format', 'json', path])).stdout) as Report;
    t.equal(auto.scenario.name, scenario, `${file}: auto picks ${scenario}`);
    t.equal(auto.scenario.autoDetected, true);
    t.equal(auto.verdict, 'pass');
  }
});

t.test('a run the lenient profile passes: every error strict reports says that --profile lenient accepts it', async (t) => {
  const lenientPasses = catalogues.flatMap(([, root]) => caseDirs(root))
    .filter((c) => c.expected.verdict === 'pass' && (c.expected.profiles ?? [c.expected.profile]).includes('lenient'));
  t.ok(lenientPasses.length >= 3, `${lenientPasses.length} such cases`);
  for (const c of lenientPasses) {
    const report = JSON.parse((await runCli(['--scenario', c.expected.scenario, '--profile', 'strict', '--format', 'json', ...c.inputs])).stdout) as Report;
    const silent = report.findings.filter((f) => f.severity === 'error' && !f.hint.includes('--profile lenient'));
    t.same(silent.map((f) => `${f.ruleId}: ${f.hint}`), [], `${c.name}: strict errors point to --profile lenient`);
  }
});
