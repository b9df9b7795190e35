// paxos-verify grade through the real CLI: the table, grades.csv (read back
// with csv-parse), the files per submission, progress lines, exit codes; and
// paxos-verify on one log still works as before.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import t from 'tap';
import { copyOfClassExample, goldenTc1, tempDir, verifyCli, writeTree } from './grade-helpers.js';

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
  t.match(r.stdout, /^submission\s+tc1\s+tc2\s+points\s+review\s+top finding$/m);
  t.match(r.stdout, /^dave\s+ambiguous 0\/50\s+pass 40\/40\s+40\/90\s+yes\s+2 candidates/m, 'a row to review is marked');
  t.match(r.stdout, /^bob\s+pass 50\/50\s+fail 20\/40\s+70\/90\s+tc2: /m, 'a graded row is not');
  t.ok(r.stdout.trimEnd().endsWith(
    `files: results.json, junit.xml, classroom-result.json, diagram-tc1.html, diagram-tc2.html written into ${out}/<submission>/`,
  ), 'the last line says where the files went');
});

t.test('without --out the files go into the submission folders, and grade says so', async (t) => {
  const dir = copyOfClassExample();
  const r = run(['grade', dir, '--junit', '--no-progress']);
  t.ok(existsSync(path.join(dir, 'alice', 'junit.xml')));
  t.match(r.stdout, new RegExp(`^files: junit\\.xml written into each submission's own folder \\(${dir}/<submission>/; --out DIR writes them elsewhere\\)$`, 'm'));
  t.notMatch(run(['grade', dir, '--no-files', '--no-progress']).stdout, /^files:/m, 'no files line when none were written');
});

t.test('OUT and the --csv folder are created when missing, also with --no-files', async (t) => {
  const base = tempDir('new');
  const out = path.join(base, 'graded', 'week4');
  const r = run(['grade', copyOfClassExample(), '--no-files', '--no-progress', '--out', out]);
  t.equal(r.code, 1, r.stderr);
  t.ok(existsSync(path.join(out, 'grades.csv')), 'OUT/grades.csv');
  const csv = path.join(base, 'csv', 'deep', 'x.csv');
  const c = run(['grade', copyOfClassExample(), '--no-files', '--no-progress', '--csv', csv]);
  t.equal(c.code, 1, c.stderr);
  t.ok(existsSync(csv), '--csv in a folder that did not exist');
});

t.test('an empty log is that testcase\'s error with 0 points and a clear note; the class is graded', async (t) => {
  const dir = copyOfClassExample();
  writeFileSync(path.join(dir, 'alice', 'tc1.log'), '');
  const r = run(['grade', dir, '--no-files', '--no-progress']);
  t.equal(r.code, 1, 'exit 1: a person should look');
  t.equal(tableRows(r.stdout).length, 8, 'every submission has its row');
  t.match(r.stdout, /^alice\s+error 0\/50\s+pass 40\/40\s+40\/90\s+yes\s+tc1: could not verify: no input: 0 lines read from tc1\.log/m);
  const alice = (parse(readFileSync(path.join(dir, 'grades.csv'), 'utf8'), { columns: true }) as Record<string, string>[]).find((row) => row['submission'] === 'alice')!;
  t.same([alice['tc1_verdict'], alice['tc1_points'], alice['needs_review']], ['error', '0', 'yes']);
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
    [['grade', '/nonexistent/class'], /^paxos-verify: cannot read class folder \/nonexistent\/class: no such folder$/m],
    [['grade', goldenTc1], /not a folder \(to check one log, run paxos-verify FILE\)$/m],
    [['grade', copyOfClassExample(), '--jobs', 'x'], /--jobs needs a whole number/],
    [['grade', copyOfClassExample(), '--rubric', rubric], /worth 50 points but its items add up to 40/],
    [['grade', copyOfClassExample(), '--rubric', unknownRule], /unknown rule acceptor\/no-such-rule/],
    [['grade', copyOfClassExample(), '--rubric', '/nonexistent.yaml'], /cannot read rubric/],
    [['grade'], /missing required argument 'DIR'/],
    [['grade', tempDir('empty')], /no submissions in .*: it holds no sub-folder/],
    [['grade', writeTree(tempDir('files'), { 'notes.txt': 'x' })], /no submissions in .*files there are not submissions: notes\.txt/],
    [['grade', copyOfClassExample(), '--out', path.join(goldenTc1, 'out')], /cannot write to the output folder .*: (a part of the path is not a directory|a file is in the way)/],
    [['grade', copyOfClassExample(), '--no-files', '--html'], /--no-files writes no per-submission files; it cannot be combined with --html/],
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

/** Rows of the summary table (everything between the rule under the header and the blank line). */
function tableRows(stdout: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => /^-+ {2}/.test(l)) + 1;
  return lines.slice(start, lines.indexOf('', start));
}

for (const jobs of ['1', '2']) {
  t.test(`a submission whose files cannot be written is marked, the rest graded and written (--jobs ${jobs})`, async (t) => {
    const dir = copyOfClassExample();
    mkdirSync(path.join(dir, 'bob', 'results.json'));
    // A student's junit.xml that is a link must not make grade write through it.
    const elsewhere = path.join(tempDir('elsewhere'), 'precious.txt');
    writeFileSync(elsewhere, 'keep me');
    symlinkSync(elsewhere, path.join(dir, 'carol', 'junit.xml'));
    const r = run(['grade', dir, '--jobs', jobs, '--no-progress']);
    t.equal(r.code, 1, 'exit 1: some need a look by hand');
    t.equal(r.stderr, '');
    t.equal(tableRows(r.stdout).length, 8, 'every submission has its row');
    // The table cuts the reason to the terminal's width (120 here): the CSV has it whole.
    t.match(r.stdout, /bob\s+pass 50\/50\s+fail 20\/40\s+70\/90\s+yes\s+could not write /, 'bob keeps his points, with the reason');
    t.match(r.stdout, /carol\s.*yes\s+could not write /);
    t.equal(readFileSync(elsewhere, 'utf8'), 'keep me', 'nothing written through the link');
    const csv = parse(readFileSync(path.join(dir, 'grades.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const bob = csv.find((row) => row['submission'] === 'bob')!;
    t.match(bob['top_finding']!, /^could not write .*results\.json: it is a directory$/);
    t.match(csv.find((row) => row['submission'] === 'carol')!['top_finding']!, /^could not write .*junit\.xml: a link is in its place/);
    t.same([bob['points'], bob['needs_review']], ['70', 'yes']);
    t.match(bob['notes']!, /error: could not write/);
    t.ok(existsSync(path.join(dir, 'bob', 'junit.xml')), 'bob\'s other files are written');
    t.match(readFileSync(path.join(dir, 'bob', 'junit.xml'), 'utf8'), /could not write .*results\.json/, 'and say what is missing');
    for (const id of ['alice', 'dave', 'heidi']) t.ok(existsSync(path.join(dir, id, 'classroom-result.json')), `${id}'s files are written`);
  });
}

t.test('an output folder that cannot be created costs only that submission its files', async (t) => {
  const dir = copyOfClassExample();
  const out = tempDir('out');
  writeFileSync(path.join(out, 'bob'), 'a file where bob\'s folder would go');
  const r = run(['grade', dir, '--out', out, '--no-progress', '--gradescope']);
  t.equal(r.code, 1);
  t.match(r.stdout, /bob\s.*could not create the output folder/);
  t.ok(existsSync(path.join(out, 'alice', 'results.json')));
  t.ok(existsSync(path.join(out, 'grades.csv')));
});

t.test('a CSV that cannot be written: the table is still printed, then one line, exit 2', async (t) => {
  const r = run(['grade', copyOfClassExample(), '--no-files', '--no-progress', '--csv', path.join(goldenTc1, 'grades.csv')]);
  t.equal(r.code, 2);
  t.equal(tableRows(r.stdout).length, 8, 'the whole table');
  t.match(r.stderr, /^paxos-verify: cannot write the CSV .*grades\.csv: a part of the path is not a directory\n$/);
});

t.test('a class folder of links, as an autograder wrapper builds it, is graded', async (t) => {
  const cls = tempDir('class');
  symlinkSync(path.join(copyOfClassExample(), 'alice'), path.join(cls, 'me'));
  const r = run(['grade', cls, '--no-progress', '--gradescope']);
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /me\s+pass 50\/50\s+pass 40\/40\s+90\/90/);
  t.match(r.stdout, /^1 submission, 1 with full points/m);
  t.ok(existsSync(path.join(cls, 'me', 'results.json')));
});

t.test('grading one submission\'s own folder grades it as one submission, its files beside its logs', async (t) => {
  const alice = path.join(copyOfClassExample(), 'alice');
  const out = tempDir('results');
  const r = run(['grade', alice, '--out', out, '--gradescope', '--no-progress']);
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /alice\s+pass 50\/50\s+pass 40\/40\s+90\/90/);
  t.match(r.stderr, /holds testcase logs itself \(tc1\.log, tc2\.log\): graded as one submission/);
  t.ok(existsSync(path.join(out, 'results.json')), 'results.json straight in OUT, where an autograder wants it');
  // Grading it again in place reads the same logs: its own outputs are skipped.
  const inPlace = run(['grade', alice, '--no-progress']);
  const again = run(['grade', alice, '--no-progress']);
  t.equal(again.code, 0, again.stderr);
  t.equal(again.stdout, inPlace.stdout);
});
