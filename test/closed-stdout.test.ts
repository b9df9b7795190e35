// A reader that stops early (`| head`) is no error: no stack trace, the
// command's own exit code, and nothing lost that goes to a file: the
// launcher's peers finish and its --out log gets every line.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { CLI as verifyCli } from './verifier-helpers.js';
import { labCli, parseMergedLog, repoRoot } from './peer-helpers.js';

interface Stopped {
  code: number | null;
  stderr: string;
}

/** Runs node SCRIPT ARGS and closes its stdout (or stderr) after the first bytes, as `| head -c 1` would. */
function closeAfterFirstBytes(script: string, args: string[], which: 'stdout' | 'stderr' = 'stdout'): Promise<Stopped> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const closed = child[which];
    closed.once('data', () => closed.destroy());
    if (which === 'stdout') child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    else child.stdout.resume();
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

t.test('paxos-lab run: the peers finish and --out gets the whole run', async (t) => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'closed-stdout-')), 'tc1.log');
  const { code, stderr } = await closeAfterFirstBytes(labCli, ['run', path.join(repoRoot, 'compose/testcase1/docker-compose.yml'), '--out', out]);
  t.equal(code, 0, 'exit 0');
  t.equal(stderr, `paxos-lab: stdout was closed; the run goes on into ${out}\n`, 'one line says so, no stack trace');
  const log = parseMergedLog(fs.readFileSync(out, 'utf8'));
  t.same(['peer1', 'peer2', 'peer3', 'peer4', 'peer5'].map((name) => log.exitCodes.get(name)), [0, 0, 0, 0, 0], 'every peer ran to its end');
  t.same(log.lines.get('peer1')?.filter((line) => line.action === 'chose').map((line) => line.message_value), ['X'], 'peer1 chose X, in the log');
});

t.test('paxos-verify and paxos-lab scenario end quietly with their own exit code', async (t) => {
  const failing = path.join(repoRoot, 'fixtures/class-example/bob/testcase2.txt');
  const verify = await closeAfterFirstBytes(verifyCli, ['--scenario', 'tc2', '--format', 'json', failing]);
  t.equal(verify.code, 1, 'paxos-verify: the failing run still exits 1');
  t.equal(verify.stderr, '', 'no stack trace');
  const scenario = await closeAfterFirstBytes(labCli, ['scenario', 'slide46-case3']);
  t.equal(scenario.code, 0, 'paxos-lab scenario: exit 0');
  t.notMatch(scenario.stderr, /Error|\n\s+at /, 'no stack trace (its summary line may still come)');
});

t.test('stderr closed: grade still writes every submission\'s files', async (t) => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'closed-stderr-'));
  const grade = await closeAfterFirstBytes(verifyCli, ['grade', path.join(repoRoot, 'fixtures/class-example'), '--out', out], 'stderr');
  t.equal(grade.code, 1, 'exit 1: the example class has submissions to review');
  t.ok(fs.existsSync(path.join(out, 'grades.csv')), 'grades.csv written');
  const graded = fs.readdirSync(path.join(repoRoot, 'fixtures/class-example'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  for (const name of graded) t.ok(fs.existsSync(path.join(out, name, 'results.json')), `${name}/results.json written`);
});
