// Grading the example class in-process: points follow the rubric, and every
// autograder file validates against the schema of its format (Gradescope and
// GitHub Classroom: JSON Schema with ajv; JUnit: schemas/junit.xsd with libxml2).

import { appendFileSync, cpSync, readFileSync, renameSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import t from 'tap';
import { validateXML } from 'xmllint-wasm';
import { gradeClass, loadRubric, toCsv, toTable, type SubmissionResult } from '../grade/index.js';
import { discoverClass, type Submission } from '../grade/discover.js';
import { gradeAll, workerCount } from '../grade/pool.js';
import { ownerOf, parseRubric, type Rubric } from '../grade/rubric.js';
import { displayWidth, xmlSafe } from '../grade/text.js';
import { describeErrors, validatorFor } from '../grade/schemas.js';
import type { Category } from '../verifier/types.js';
import { copyOfClassExample, repoRoot, tempDir } from './grade-helpers.js';

const rubric: Rubric = loadRubric();
const junitXsd = readFileSync(path.join(repoRoot, 'schemas', 'junit.xsd'), 'utf8');

/** Points a testcase keeps when the items owning these categories lose theirs. */
function pointsWithout(tcId: 'tc1' | 'tc2', categories: Category[]): number {
  const tc = rubric.testcases.find((x) => x.id === tcId)!;
  const lost = new Set(categories.map((category) => ownerOf(tc, { ruleId: 'none/none', category })!));
  return tc.points - [...lost].reduce((total, item) => total + item.points, 0);
}

const dir = copyOfClassExample();
const graded = await gradeClass(dir, { rubric, outputs: ['gradescope', 'junit', 'classroom', 'html'], jobs: 1 });
const byId = new Map(graded.results.map((r) => [r.id, r]));
const full = (id: 'tc1' | 'tc2'): number => rubric.testcases.find((x) => x.id === id)!.points;

t.test('the default rubric follows the handout: part 1 is 50 points, part 2 is 40', async (t) => {
  t.same(rubric.testcases.map((tc) => [tc.id, tc.points]), [['tc1', 50], ['tc2', 40]]);
});

t.test('points per submission follow the findings and the rubric', async (t) => {
  const expect: Record<string, [number, number]> = {
    alice: [full('tc1'), full('tc2')],
    bob: [full('tc1'), pointsWithout('tc2', ['adopt-value', 'agreement'])],
    carol: [full('tc1'), pointsWithout('tc2', ['tc2-order'])],
    dave: [0, full('tc2')],
    erin: [full('tc1'), 0],
    frank: [full('tc1'), pointsWithout('tc2', ['accept-below-promise'])],
    grace: [pointsWithout('tc1', ['schema']), full('tc2')],
    heidi: [pointsWithout('tc1', ['json-syntax']), pointsWithout('tc2', ['schema'])],
  };
  t.same([...byId.keys()].sort(), Object.keys(expect).sort());
  for (const [id, [tc1, tc2]] of Object.entries(expect)) {
    const r = byId.get(id)!;
    t.same(r.testcases.map((tc) => tc.points), [tc1, tc2], `${id}: ${r.testcases.map((tc) => tc.verdict).join(', ')}`);
    t.equal(r.points, tc1 + tc2);
  }
  t.equal(byId.get('dave')!.testcases[0]!.verdict, 'ambiguous');
  t.equal(byId.get('erin')!.testcases[1]!.verdict, 'missing');
  t.same(graded.results.filter((r) => r.needsReview).map((r) => r.id), ['dave', 'erin']);
});

t.test('a failing testcase never keeps full points', async (t) => {
  for (const r of graded.results) {
    for (const tc of r.testcases) {
      if (tc.verdict !== 'pass') t.ok(tc.points < tc.maxPoints, `${r.id} ${tc.id} ${tc.verdict}: ${tc.points}`);
      else t.equal(tc.points, tc.maxPoints, `${r.id} ${tc.id} passes with full points`);
    }
  }
});

function readOutput(r: SubmissionResult, file: string): string {
  return readFileSync(path.join(r.outDir!, file), 'utf8');
}

t.test('results.json validates against the Gradescope schema and adds up', async (t) => {
  const validate = validatorFor('gradescope');
  for (const r of graded.results) {
    const json = JSON.parse(readOutput(r, 'results.json'));
    t.ok(validate(json), `${r.id}: ${describeErrors(validate.errors)}`);
    t.equal(json.score, r.points);
    const sum = json.tests.reduce((total: number, test: { score: number }) => total + test.score, 0);
    t.equal(Math.round(sum * 100) / 100, r.points, `${r.id}: tests add up to the score`);
    t.equal(json.tests.length, rubric.testcases.reduce((n, tc) => n + tc.items.length, 0));
  }
  const bob = JSON.parse(readOutput(byId.get('bob')!, 'results.json'));
  const failed = bob.tests.filter((x: { status: string }) => x.status === 'failed');
  t.ok(failed.some((x: { output: string }) => /proposer\/adopt-value/.test(x.output) && /testcase2\.txt:\d+/.test(x.output)),
    'the failed test names the rule and file:line');
  const dave = JSON.parse(readOutput(byId.get('dave')!, 'results.json'));
  t.match(dave.output, /2 candidates for tc1/);
});

t.test('classroom-result.json validates against the GitHub Classroom result schema', async (t) => {
  const validate = validatorFor('classroom');
  for (const r of graded.results) {
    const json = JSON.parse(readOutput(r, 'classroom-result.json'));
    t.ok(validate(json), `${r.id}: ${describeErrors(validate.errors)}`);
    t.equal(json.max_score, r.maxPoints);
    const expected = r.needsReview ? 'error' : r.points === r.maxPoints ? 'pass' : 'fail';
    t.equal(json.status, expected, `${r.id} status`);
  }
});

t.test('junit.xml validates against schemas/junit.xsd', async (t) => {
  // One libxml2 run for every file: each run starts a wasm worker.
  const files = graded.results.map((r) => ({ fileName: `${r.id}-junit.xml`, contents: readOutput(r, 'junit.xml') }));
  const result = await validateXML({ xml: files, schema: [junitXsd] });
  t.ok(result.valid, result.errors.map((e) => e.rawMessage).join('\n'));
  t.equal(files.length, graded.results.length);
  for (const r of graded.results) {
    if (r.needsReview) continue;
    const xml = readOutput(r, 'junit.xml');
    const failures = Number(/<testsuites[^>]* failures="(\d+)"/.exec(xml)?.[1]);
    const lost = r.testcases.flatMap((tc) => tc.items).filter((i) => i.points < i.maxPoints).length;
    t.equal(failures, lost, `${r.id}: one <failure> per item that lost points`);
  }
});

t.test('the XSD check can fail: a testcase without a name is rejected', async (t) => {
  const bad = '<?xml version="1.0"?><testsuites><testsuite name="s" tests="1" failures="0" errors="0"><testcase classname="c"/></testsuite></testsuites>';
  const result = await validateXML({ xml: [{ fileName: 'bad.xml', contents: bad }], schema: [junitXsd] });
  t.notOk(result.valid);
});

t.test('the schemas can fail too: a Gradescope test with a string score is rejected', async (t) => {
  t.notOk(validatorFor('gradescope')({ tests: [{ score: '5', max_score: 5 }] }));
  t.notOk(validatorFor('classroom')({ version: 1, status: 'passed', max_score: 1, tests: [] }));
});

t.test('a worker pool grades to exactly the same results as one thread', async (t) => {
  const pooled = await gradeClass(copyOfClassExample(), { rubric, outputs: [], jobs: 2 });
  const shape = (rs: SubmissionResult[]) => rs.map((r) => [r.id, r.points, r.top, r.testcases.map((tc) => tc.verdict)]);
  t.same(shape(pooled.results), shape(graded.results));
});

t.test('xmlSafe: everything XML 1.0 forbids, and invisible or reordering text, becomes an escape', async (t) => {
  t.equal(xmlSafe('a\u001b[31mb'), 'a\\u001b[31mb');
  t.equal(xmlSafe('x\uffffy\ufffe\ufdd0'), 'x\\uffffy\\ufffe\\ufdd0');
  t.equal(xmlSafe('lone \ud800 and \udc00'), 'lone \\ud800 and \\udc00');
  t.equal(xmlSafe('\u{1fffe}'), '\\u{1fffe}');
  t.equal(xmlSafe('abc\u202e'), 'abc\\u202e', 'a right-to-left override');
  t.equal(xmlSafe('Zoë 李 😀 \u{20000}\ttab\nline'), 'Zoë 李 😀 \u{20000}\ttab\nline', 'real text, emoji and tabs stay');
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (s) =>
      // XML 1.0's Char production.
      /^[\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u.test(xmlSafe(s)),
    ),
  );
});

t.test('hostile names and printed text: junit.xml stays valid XML, and no output carries them raw', async (t) => {
  const cls = copyOfClassExample();
  const evil = 'e\u001b[31mvil\uffff';
  renameSync(path.join(cls, 'bob'), path.join(cls, evil));
  const log = path.join(cls, evil, 'testcase1.txt');
  // A value printed as U+FFFF U+FFFE, one sent as a JSON-escaped lone surrogate, and a noncharacter.
  appendFileSync(log, 'peer1  | {"peer_id":1,"action":"sent","message_type":"prepare","message_value":"\uffff\ufffe","proposal_num":101}\n');
  appendFileSync(log, 'peer1  | {"peer_id":1,"action":"sent","message_type":"prepare","message_value":"\\ud800","proposal_num":101}\n');
  appendFileSync(log, 'peer1  | {"peer_id":1,"action":"sent","message_type":"prepare","message_value":"\ufdd0","proposal_num":101}\n');
  const { results } = await gradeClass(cls, { rubric, outputs: ['gradescope', 'junit', 'classroom', 'html'], jobs: 1 });
  const r = results.find((x) => x.id === evil)!;
  t.ok(r.testcases[0]!.report!.findings.some((f) => /\uffff|\ud800|\ufdd0/u.test(f.message)), 'the verifier quotes the hostile text');
  const junit = readOutput(r, 'junit.xml');
  const result = await validateXML({ xml: [{ fileName: 'evil-junit.xml', contents: junit }], schema: [junitXsd] });
  t.ok(result.valid, result.errors.map((e) => e.rawMessage).join('\n'));
  t.match(junit, /name="paxos-lab e\\u001b\[31mvil\\uffff"/, 'the folder name, escaped');
  const raw = /[\u001b\uffff\ufffe\ufdd0\ud800-\udfff]/u;
  for (const file of ['results.json', 'classroom-result.json', 'junit.xml', 'diagram-tc1.html']) {
    t.notMatch(readOutput(r, file), raw, `${file}: nothing raw`);
  }
  t.notMatch(toCsv(results, rubric), raw, 'the CSV: nothing raw');
  t.notMatch(toTable(results, rubric), raw, 'the table: nothing raw');
});

t.test('Gradescope: the top-level output, which students always see, tells nothing about tests not yet shown', async (t) => {
  const hiding: Rubric = structuredClone(rubric);
  const tc2 = hiding.testcases.find((tc) => tc.id === 'tc2')!;
  tc2.items.forEach((item, i) => (item.visibility = i === 0 ? 'visible' : i === 1 ? 'after_due_date' : 'hidden'));
  const cls = copyOfClassExample();
  const { results } = await gradeClass(cls, { rubric: hiding, outputs: ['gradescope'], jobs: 1 });
  const bob = results.find((r) => r.id === 'bob')!;
  t.equal(bob.points, 70, 'bob lost points in tc2');
  const json = JSON.parse(readOutput(bob, 'results.json'));
  t.notMatch(json.output, /70\/90|20\/40|tc2: fail|adopt-value/, 'no total, no tc2 points or verdict, no finding of a hidden test');
  const firstItem = tc2.items[0]!;
  t.match(json.output, new RegExp(`tc2: verified, ${firstItem.points}/${firstItem.points} on the tests shown now`));
  t.match(json.output, /tc1: pass, 50\/50/, 'a testcase with only visible tests is reported in full');
  t.same(json.tests.filter((x: { visibility: string }) => x.visibility !== 'visible').length, tc2.items.length - 1, 'the tests carry their visibility');

  const visible = JSON.parse(readOutput(byId.get('bob')!, 'results.json'));
  t.match(visible.output, /^bob: 70\/90 points\./, 'with every test visible, the output has the total');
  t.match(visible.output, /tc2: fail, 20\/40/);
});

t.test('points with decimals: earned and maximum are rounded alike everywhere', async (t) => {
  const thirds = parseRubric(
    [
      'rubricVersion: 1', 'title: t', 'testcases:',
      '  - id: tc1', '    name: one', '    scenario: tc1', '    points: 0.3', '    items:',
      '      - name: a', '        points: 0.1', '        categories: [json-syntax]',
      '      - name: b', '        points: 0.2', '        other: true',
      '  - id: tc2', '    name: two', '    scenario: tc2', '    points: 50', '    items:',
      '      - name: c', '        points: 16.67', '        categories: [json-syntax]',
      '      - name: d', '        points: 16.67', '        categories: [schema]',
      '      - name: e', '        points: 16.66', '        other: true',
      '',
    ].join('\n'),
    'r.yaml',
  );
  const cls = copyOfClassExample();
  const { results } = await gradeClass(cls, { rubric: thirds, outputs: ['gradescope', 'classroom'], jobs: 1 });
  const alice = results.find((r) => r.id === 'alice')!;
  t.same([alice.points, alice.maxPoints], [50.3, 50.3], 'a full score equals its maximum');
  t.same(alice.testcases.map((tc) => [tc.points, tc.maxPoints]), [[0.3, 0.3], [50, 50]]);
  t.match(toTable(results, thirds), /alice\s+pass 0\.3\/0\.3\s+pass 50\/50\s+50\.3\/50\.3\s/);
  t.match(toTable(results, thirds), /mean [\d.]+\/50\.3$/m);
  const csv = toCsv(results, thirds);
  t.match(csv, /^alice,pass,0\.3,pass,50,50\.3,50\.3,no,/m);
  t.notMatch(csv, /\.\d{3,}/, 'no long decimals in the CSV');
  t.equal(JSON.parse(readOutput(alice, 'classroom-result.json')).max_score, 50.3);
  const scores = JSON.parse(readOutput(alice, 'results.json')).tests.flatMap((x: { score: number; max_score: number }) => [x.score, x.max_score]);
  t.ok(scores.every((x: number) => Math.abs(x * 100 - Math.round(x * 100)) < 1e-9), `results.json: ${scores.join(', ')}`);
  t.match(JSON.parse(readOutput(alice, 'results.json')).output, /^alice: 50\.3\/50\.3 points\.\ntc1: pass, 0\.3\/0\.3 /);
});

t.test('the summary table: control characters escaped, wide characters aligned', async (t) => {
  const cls = copyOfClassExample();
  for (const name of ['Zoë 李', 'tab\tnew\nline', 'e\u0301mile']) cpSync(path.join(cls, 'alice'), path.join(cls, name), { recursive: true });
  const { results } = await gradeClass(cls, { rubric, outputs: [], jobs: 1 });
  const table = toTable(results, rubric);
  const lines = table.split('\n');
  const rows = lines.slice(2, lines.indexOf(''));
  t.equal(rows.length, results.length, 'one line per submission: no name breaks its row');
  t.ok(rows.some((row) => row.startsWith('tab\\u0009new\\u000aline ')));
  // Where the tc1 column starts, in terminal cells, is the same on every line.
  const starts = [lines[0]!, ...rows].map((row) => displayWidth(row.slice(0, row.search(/ {2}(tc1|pass|fail|missing|ambiguous|error) /) + 2)));
  t.equal(new Set(starts).size, 1, `tc1 column starts at ${starts.join(', ')}`);
});

t.test('a submission whose grading throws gets an error result; the others are graded', async (t) => {
  const cls = copyOfClassExample();
  const [alice, bob] = discoverClass(cls).submissions;
  // A submission record without its tc1 lookup: grading it throws, as a bug would.
  const broken: Submission = { ...bob!, testcases: { tc2: bob!.testcases.tc2 } as Submission['testcases'] };
  const results = await gradeAll([alice!, broken], { rubric, outRoot: tempDir('out'), outputs: [] }, 1);
  t.same(results.map((r) => r.id), ['alice', 'bob']);
  t.equal(results[0]!.points, 90);
  t.equal(results[1]!.needsReview, true);
  t.same(results[1]!.testcases.map((tc) => tc.verdict), ['error', 'error']);
  t.match(results[1]!.top, /could not be graded/);
});

t.test('--jobs is capped at the cores and the submissions', async (t) => {
  t.equal(workerCount(1000, 3), Math.min(3, availableParallelism()));
  t.equal(workerCount(1000, 1000), availableParallelism());
  t.equal(workerCount(1, 50), 1);
});
