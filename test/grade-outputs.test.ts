// Grading the example class in-process: points follow the rubric, and every
// autograder file validates against the schema of its format (Gradescope and
// GitHub Classroom: JSON Schema with ajv; JUnit: schemas/junit.xsd with libxml2).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { validateXML } from 'xmllint-wasm';
import { gradeClass, loadRubric, type SubmissionResult } from '../grade/index.js';
import { ownerOf, type Rubric } from '../grade/rubric.js';
import { describeErrors, validatorFor } from '../grade/schemas.js';
import type { Category } from '../verifier/types.js';
import { copyOfClassExample, repoRoot } from './grade-helpers.js';

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
