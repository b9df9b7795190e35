// paxos-verify grade through the real CLI: the table, grades.csv (read back
// with csv-parse), the files per submission, progress lines, exit codes; and
// paxos-verify on one log still works as before.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import t from 'tap';
import { copyOfClassExample, goldenTc1, tempDir, verifyCli } from './grade-helpers.js';

function run(args: string[]) {
  const r = spawnSync(process.execPath, [verifyCli, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

t.test('grading the example class: table, CSV, files, progress; exit 1 as two need a look', async (t) => {
  const dir = copyOfClassExample();
  // A folder name a spreadsheet would trip over: comma, quotes, a leading =.
  const odd = path.join(dir, '=o\'neil, "jr"');
  cpSync(path.join(dir, 'alice'), odd, { recursive: true });
  const out = tempDir('out');
  const r = run(['grade', dir, '--out', out, '--jobs', '2']);
  t.equal(r.code, 1, r.stderr);
  const rows = r.stdout.split('\n').filter((l) => /^\S+.*\d+\/90\s/.test(l));
  t.equal(rows.length, 9, 'one table row per submission');
  t.match(r.stdout, /dave\s+ambiguous 0\/50/);
  t.match(r.stdout, /erin\s+pass 50\/50\s+missing 0\/40/);
  t.match(r.stdout, /9 submissions, 2 with full points, 2 to review by hand/);
  t.equal(r.stderr.split('\n').filter((l) => /^graded \d+\/9 /.test(l)).length, 9, 'a progress line per submission');

  const csv = parse(readFileSync(path.join(out, 'grades.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  t.equal(csv.length, 9);
  const oddRow = csv.find((row) => row['submission']!.includes('neil'))!;
  t.equal(oddRow['submission'], `'=o'neil, "jr"`, 'quoted properly, and inert in a spreadsheet');
  t.equal(oddRow['points'], '90');
  const bob = csv.find((row) => row['submission'] === 'bob')!;
  t.same([bob['tc1_verdict'], bob['tc2_verdict'], bob['points'], bob['needs_review']], ['pass', 'fail', '70', 'no']);
  t.match(bob['top_finding']!, /adopt-value/);

  for (const id of ['alice', 'bob', 'frank']) {
    for (const file of ['results.json', 'junit.xml', 'classroom-result.json', 'diagram-tc1.html', 'diagram-tc2.html']) {
      t.ok(existsSync(path.join(out, id, file)), `${id}/${file}`);
    }
  }
  t.notOk(existsSync(path.join(out, 'dave', 'diagram-tc1.html')), 'no diagram for an ambiguous testcase');
  t.notOk(existsSync(path.join(dir, 'alice', 'results.json')), 'nothing written into the class with --out');
});

t.test('format flags choose the files; --no-files writes only the CSV', async (t) => {
  const dir = copyOfClassExample();
  const r = run(['grade', dir, '--html', '--no-progress']);
  t.equal(r.code, 1);
  t.equal(r.stderr, '', 'no progress lines');
  t.ok(existsSync(path.join(dir, 'alice', 'diagram-tc2.html')));
  t.notOk(existsSync(path.join(dir, 'alice', 'results.json')));
  t.ok(existsSync(path.join(dir, 'grades.csv')), 'CSV defaults to DIR/grades.csv');
  // Grading again reads the same inputs: the files it wrote are not logs.
  const again = run(['grade', dir, '--no-files', '--no-progress', '--csv', path.join(dir, 'again.csv')]);
  t.equal(again.stdout.split('CSV:')[0], r.stdout.split('CSV:')[0], 'same table the second time');
  t.ok(existsSync(path.join(dir, 'again.csv')));
});

t.test('a class where everything is graded exits 0', async (t) => {
  const dir = tempDir('ok');
  cpSync(path.join(copyOfClassExample(), 'alice'), path.join(dir, 'alice'), { recursive: true });
  const r = run(['grade', dir, '--no-files']);
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /alice\s+pass 50\/50\s+pass 40\/40\s+90\/90/);
});

t.test('could not run: one line on stderr, exit 2', async (t) => {
  const rubric = path.join(tempDir('rubric'), 'bad.yaml');
  writeFileSync(rubric, 'rubricVersion: 1\ntitle: x\ntestcases:\n  - id: tc1\n    name: a\n    scenario: tc1\n    points: 50\n    items:\n      - name: b\n        points: 40\n        other: true\n');
  const unknownRule = path.join(tempDir('rubric'), 'rule.json');
  writeFileSync(unknownRule, JSON.stringify({ rubricVersion: 1, title: 'x', testcases: [{ id: 'tc1', name: 'a', scenario: 'tc1', points: 5, items: [{ name: 'b', points: 5, rules: ['acceptor/no-such-rule'] }] }] }));
  const cases: [string[], RegExp][] = [
    [['grade', '/nonexistent/class'], /cannot read class folder \/nonexistent\/class: ENOENT/],
    [['grade', goldenTc1], /not a folder/],
    [['grade', copyOfClassExample(), '--jobs', 'x'], /--jobs needs a whole number/],
    [['grade', copyOfClassExample(), '--rubric', rubric], /worth 50 points but its items add up to 40/],
    [['grade', copyOfClassExample(), '--rubric', unknownRule], /unknown rule acceptor\/no-such-rule/],
    [['grade', copyOfClassExample(), '--rubric', '/nonexistent.yaml'], /cannot read rubric/],
    [['grade'], /missing required argument 'DIR'/],
  ];
  for (const [args, message] of cases) {
    const r = run(args);
    t.equal(r.code, 2, args.join(' '));
    t.match(r.stderr, message);
    t.equal(r.stderr.trim().split('\n').length, 1, 'one line');
    t.notMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});

t.test('--help tells the flags, name recognition and exit codes', async (t) => {
  const r = run(['grade', '--help']);
  t.equal(r.code, 0);
  for (const flag of ['--rubric', '--out', '--csv', '--gradescope', '--junit', '--classroom', '--html', '--no-files', '--jobs', '--no-progress']) {
    t.match(r.stdout, flag);
  }
  t.match(r.stdout, /docker-compose-testcase-1\.log/);
  t.match(r.stdout, /Exit codes: 0 every submission was graded/);
});

t.test('paxos-verify on one log is unchanged, and --format html writes a page', async (t) => {
  const text = run(['--scenario', 'tc1', goldenTc1]);
  t.equal(text.code, 0, text.stderr);
  t.match(text.stdout, /PASS tc1/);
  const html = run(['--scenario', 'tc1', '--format', 'html', goldenTc1]);
  t.equal(html.code, 0);
  t.match(html.stdout, /^<!DOCTYPE html>/);
  t.match(html.stdout, /<svg id="diagram"/);
});
