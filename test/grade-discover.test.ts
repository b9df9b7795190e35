// Finding each submission's testcase logs: names students really use are
// recognised; two candidates, none, or stray logs are reported, never guessed.

import { symlinkSync } from 'node:fs';
import path from 'node:path';
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

/** A line of the handout's transcript, as a log holds it. */
const LINE = 'peer1  | {"peer_id":1,"action":"sent","message_type":"prepare","message_value":"X","proposal_num":101}\n';

t.test('a neutral file name inside a testcase folder is that testcase\'s log when it holds a transcript', async (t) => {
  const dir = writeTree(tempDir('disc'), {
    'testcase1/output.log': LINE,
    'testcase1/notes.txt': 'what I did\n',
    'part2/src/run.txt': LINE,
  });
  const s = discoverSubmission(dir, 'ivan');
  t.equal(s.testcases.tc1.status, 'found');
  if (s.testcases.tc1.status === 'found') t.same(s.testcases.tc1.input.relative, [path.join('testcase1', 'output.log')]);
  t.equal(s.testcases.tc2.status, 'found', 'the nearest folder naming a testcase counts');
  t.notOk(s.notes.some((n) => n.severity === 'error'), JSON.stringify(s.notes));
});

t.test('a file without extension counts only with a transcript line; macOS and editor clutter never', async (t) => {
  const dir = writeTree(tempDir('disc'), {
    'run_testcase1': '#!/bin/sh\ndocker compose up\n',
    'tc1.log': LINE,
    'testcase2': `Attaching to peer1\n${LINE}`,
    '._tc2.log': '\u0000\u0005\u0016\u0007Mac OS X',
    '.DS_Store': 'x',
    '__MACOSX/tc2.log': 'x',
    'Thumbs.db': 'x',
  });
  const s = discoverSubmission(dir, 'judy');
  t.equal(s.testcases.tc1.status, 'found', 'the script is not a second tc1 candidate');
  t.equal(s.testcases.tc2.status, 'found', 'a log without extension is found by its content');
  if (s.testcases.tc2.status === 'found') t.same(s.testcases.tc2.input.relative, ['testcase2']);
  t.ok(s.notes.some((n) => n.severity === 'info' && /run_testcase1/.test(n.message)), 'the script is listed as another file');
  t.notOk(s.notes.some((n) => /DS_Store|\._tc2|MACOSX|Thumbs/.test(n.message)), 'clutter is not even listed');
});

t.test('only the testcases the rubric grades are looked for', async (t) => {
  const dir = writeTree(tempDir('disc'), { 'tc2.log': LINE, 'tc1.log': LINE });
  const s = discoverSubmission(dir, 'ken', { graded: ['tc2'] });
  t.equal(s.testcases.tc2.status, 'found');
  t.notOk(s.notes.some((n) => n.severity === 'error'), 'no "no tc1 log found" note');
  const missing = discoverSubmission(writeTree(tempDir('disc'), { 'tc2.log': LINE }), 'lee', { graded: ['tc2'] });
  t.same(missing.notes, [], 'a submission without tc1 is complete for a tc2-only rubric');
});

t.test('links are followed inside a submission, never outside it, and never round in a loop', async (t) => {
  const outside = writeTree(tempDir('outside'), { 'secret.log': LINE });
  const dir = writeTree(tempDir('disc'), { 'logs/run1.log': LINE, 'tc2.txt': LINE });
  symlinkSync(path.join(dir, 'logs', 'run1.log'), path.join(dir, 'tc1.log'));
  symlinkSync(dir, path.join(dir, 'logs', 'again'));
  symlinkSync(path.join(outside, 'secret.log'), path.join(dir, 'testcase2.log'));
  symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'broken.log'));
  const s = discoverSubmission(dir, 'mia');
  t.equal(s.testcases.tc1.status, 'found', 'a link to a log inside the submission is followed');
  t.equal(s.testcases.tc2.status, 'found', 'the link leading outside is not a second tc2 candidate');
  t.ok(s.notes.some((n) => n.severity === 'error' && /link not followed \(it points outside the submission\): testcase2\.log/.test(n.message)));
  t.ok(s.notes.some((n) => n.severity === 'warning' && /link not followed \(no such file\): broken\.log/.test(n.message)));
  t.notOk(s.notes.some((n) => /nested too deep/.test(n.message)), 'the loop back to the submission is not searched again');

  // The same log reached through a link and directly is one candidate, not two.
  const twice = writeTree(tempDir('disc'), { 'tc1.log': LINE, 'tc2.log': LINE });
  symlinkSync(path.join(twice, 'tc1.log'), path.join(twice, 'testcase1.txt'));
  t.equal(discoverSubmission(twice, 'ned').testcases.tc1.status, 'found');
});

t.test('a class folder of links to submissions (ln -s /autograder/submission class/me)', async (t) => {
  const submission = writeTree(tempDir('sub'), { 'tc1.log': LINE, 'tc2.log': LINE });
  const cls = tempDir('class');
  symlinkSync(submission, path.join(cls, 'me'));
  symlinkSync(path.join(cls, 'gone'), path.join(cls, 'old'));
  const found = discoverClass(cls);
  t.same(found.submissions.map((s) => s.id), ['me']);
  t.equal(found.submissions[0]!.testcases.tc1.status, 'found');
  t.same(found.ignored, ['old (broken link)']);
  t.equal(found.oneSubmission, false);
});

t.test('a folder holding testcase logs itself is one submission, named after the folder', async (t) => {
  const dir = writeTree(path.join(tempDir('one'), 'alice'), { 'tc1.log': LINE, 'src/main.go': 'package main\n', 'tc2/peer1.log': LINE });
  const found = discoverClass(dir);
  t.equal(found.oneSubmission, true);
  t.same(found.logsAtTop, ['tc1.log', 'tc2/']);
  t.same(found.submissions.map((s) => s.id), ['alice']);
  t.equal(found.submissions[0]!.testcases.tc1.status, 'found');
  t.equal(found.submissions[0]!.testcases.tc2.status, 'found');
});
