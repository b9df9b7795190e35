// Finding each submission's testcase logs: names students really use are
// recognised; two candidates, none, or stray logs are reported, never guessed.

import t from 'tap';
import { discoverClass, discoverSubmission, testcaseOfName } from '../grade/discover.js';
import { tempDir, writeTree } from './grade-helpers.js';

t.test('testcase names students use are recognised, case-insensitively', async (t) => {
  const table: [string, string | null][] = [
    ['tc1.log', 'tc1'],
    ['TC2.LOG', 'tc2'],
    ['testcase1.txt', 'tc1'],
    ['Testcase-2.txt', 'tc2'],
    ['docker-compose-testcase-1.log', 'tc1'],
    ['docker-compose-testcase-2.log', 'tc2'],
    ['test1.out', 'tc1'],
    ['test_2.out', 'tc2'],
    ['output_tc2.log', 'tc2'],
    ['part1.log', 'tc1'],
    ['case 2.txt', 'tc2'],
    ['tc12.log', null],
    ['tc3.log', null],
    ['latest1.log', null],
    ['contest1.log', null],
    ['run.log', null],
  ];
  for (const [name, expected] of table) t.equal(testcaseOfName(name), expected, name);
});

t.test('one log per testcase is found, whatever its name', async (t) => {
  const dir = writeTree(tempDir('disc'), { 'docker-compose-testcase-1.log': 'a\n', 'TEST2.OUT': 'b\n' });
  const s = discoverSubmission(dir, 'alice');
  t.equal(s.testcases.tc1.status, 'found');
  t.equal(s.testcases.tc2.status, 'found');
  if (s.testcases.tc1.status === 'found') t.same(s.testcases.tc1.input.relative, ['docker-compose-testcase-1.log']);
  t.same(s.notes, []);
});

t.test('two candidates for a testcase are reported as ambiguous, not picked', async (t) => {
  const dir = writeTree(tempDir('disc'), { 'tc1.log': 'a\n', 'testcase1.txt': 'b\n', 'tc2.log': 'c\n' });
  const s = discoverSubmission(dir, 'dave');
  t.equal(s.testcases.tc1.status, 'ambiguous');
  t.equal(s.testcases.tc2.status, 'found');
  const note = s.notes.find((n) => n.message.includes('candidates for tc1'));
  t.ok(note, 'a note names the ambiguity');
  t.match(note?.message ?? '', /tc1\.log/);
  t.match(note?.message ?? '', /testcase1\.txt/);
  t.equal(note?.severity, 'error');
});

t.test('a missing testcase and a stray log are both reported', async (t) => {
  const dir = writeTree(tempDir('disc'), { 'tc1.log': 'a\n', 'run.log': 'b\n', 'main.go': 'package main\n' });
  const s = discoverSubmission(dir, 'erin');
  t.equal(s.testcases.tc2.status, 'missing');
  t.ok(s.notes.some((n) => n.severity === 'error' && /no tc2 log found/.test(n.message)));
  t.ok(s.notes.some((n) => n.severity === 'warning' && /run\.log/.test(n.message)), 'the unrecognised log is named');
  t.ok(s.notes.some((n) => n.severity === 'info' && /main\.go/.test(n.message)), 'other files are listed');
});

t.test('a tc1/ folder of per-peer logs is one input', async (t) => {
  const dir = writeTree(tempDir('disc'), {
    'tc1/peer1.log': 'a\n',
    'tc1/peer2.log': 'b\n',
    'tc1/peer3.log': '',
    'testcase2.txt': 'c\n',
  });
  const s = discoverSubmission(dir, 'frank');
  t.equal(s.testcases.tc1.status, 'found');
  if (s.testcases.tc1.status === 'found') {
    t.equal(s.testcases.tc1.input.kind, 'per-peer-folder');
    t.same(s.testcases.tc1.input.relative, ['tc1/peer1.log', 'tc1/peer2.log', 'tc1/peer3.log']);
  }
});

t.test('handed-out hostsfiles and files grade wrote are not logs', async (t) => {
  const dir = writeTree(tempDir('disc'), {
    'hostsfile-testcase1.txt': 'peer1:proposer1\n',
    'tc1.log': 'a\n',
    'tc2.log': 'b\n',
    'results.json': '{}',
    'diagram-tc1.html': '<p>',
    'junit.xml': '<testsuites/>',
  });
  const s = discoverSubmission(dir, 'grace');
  t.equal(s.testcases.tc1.status, 'found');
  t.notOk(s.notes.some((n) => /results\.json|diagram|junit/.test(n.message)), 'own outputs are skipped silently');
});

t.test('a class folder: one submission per sub-folder, other top-level files listed', async (t) => {
  const dir = writeTree(tempDir('disc'), { 'a/tc1.log': 'x\n', 'b/tc2.log': 'y\n', 'notes.txt': 'z', 'grades.csv': '', 'README.md': '' });
  const found = discoverClass(dir);
  t.same(found.submissions.map((s) => s.id), ['a', 'b']);
  t.same(found.ignored, ['notes.txt']);
  t.throws(() => discoverClass(`${dir}/notes.txt`), { code: 'ENOTDIR' });
});
