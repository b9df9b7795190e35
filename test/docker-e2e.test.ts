// End-to-end under real Docker Compose: builds the prj4 image the way
// `make image` does and runs the course's handed-out Compose files unmodified.
// Skipped (saying why) where no engine answers; under CI a missing engine fails.
import t, { type Test } from 'tap';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, run } from './docker-run.js';

const handoutDir = join(root, 'compose', 'handout');
const sharedReference = join(root, '..', 'shared', 'reference');
const script = (name: string) => join(root, 'scripts', 'docker', name);

interface Line { peer_id: number; action: string; message_type: string; message_value: string | null; proposal_num: number }

interface MergedLog {
  /** Transcript lines per printing peer (1..5), in that peer's own order. */
  lines: Map<number, Line[]>;
  /** Every prefixed line per printing peer, transcript or not. */
  raw: Map<number, string[]>;
  /** Exit code per peer from Compose's `peerN exited with code C` lines. */
  exitCodes: Map<number, number>;
}

/** Which peer a Compose prefix names: `peer1`, `peer1_1`, `peer1-1`, `proj_peer1_1`. */
function peerOfPrefix(prefix: string): number | null {
  const match = /(?:^|[_-])peer(\d+)(?:[_-]\d+)?$/.exec(prefix);
  return match ? Number(match[1]) : null;
}

/** A transcript line, or null for anything else a container printed. */
function parseTranscriptLine(content: string): Line | null {
  if (!content.startsWith('{')) return null;
  try {
    return JSON.parse(content) as Line;
  } catch {
    return null; // a diagnostic that happens to start with a brace
  }
}

function parseMergedLog(text: string): MergedLog {
  const log: MergedLog = { lines: new Map(), raw: new Map(), exitCodes: new Map() };
  // Compose v1 colours its prefixes even when its output is not a terminal.
  const plain = text.replace(/\x1b\[[0-9;]*m/g, '');
  for (const rawLine of plain.split(/\r?\n/)) {
    const exited = /^(\S+) exited with code (\d+)$/.exec(rawLine);
    if (exited) {
      const peer = peerOfPrefix(exited[1]!);
      if (peer !== null) log.exitCodes.set(peer, Number(exited[2]));
      continue;
    }
    const prefixed = /^(\S+?)\s*\| ?(.*)$/.exec(rawLine);
    if (!prefixed) continue;
    const peer = peerOfPrefix(prefixed[1]!);
    if (peer === null) continue;
    const content = prefixed[2]!;
    log.raw.set(peer, [...(log.raw.get(peer) ?? []), content]);
    const line = parseTranscriptLine(content);
    if (line) log.lines.set(peer, [...(log.lines.get(peer) ?? []), line]);
  }
  return log;
}

/** Checks shared by both testcases: agreement on X, peer1 chose it, all exited 0. */
function assertAgreementOnX(t: Test, log: MergedLog, peers: number[]) {
  for (const [peer, lines] of log.lines) {
    for (const line of lines.filter((l) => l.action === 'chose')) {
      t.equal(line.message_value, 'X', `peer${peer} chose X`);
    }
  }
  const peer1Chose = (log.lines.get(1) ?? []).filter((l) => l.action === 'chose');
  t.ok(peer1Chose.length > 0, 'peer1 printed a chose line');
  t.ok(peer1Chose.every((l) => l.message_value === 'X'), 'peer1 chose X');
  for (const peer of peers) {
    t.equal(log.exitCodes.get(peer), 0, `peer${peer} exited with code 0`);
  }
}

t.test('compose/handout holds the handed-out files byte for byte', { skip: existsSync(sharedReference) ? false : `no ${sharedReference} beside the repo to compare with` }, async (t) => {
  for (const name of ['docker-compose-testcase-1.yml', 'docker-compose-testcase-2.yml', 'hostsfile-testcase1.txt', 'hostsfile-testcase2.txt']) {
    t.ok(readFileSync(join(handoutDir, name)).equals(readFileSync(join(sharedReference, name))), `${name} is identical`);
  }
});

const engine = await run('docker', ['info'], {}, 30_000);
const noEngine = engine.code === 0 ? false
  : 'Docker end-to-end tests skipped: no Docker engine answers `docker info` (start one with `make engine`)';

if (noEngine && process.env.CI) {
  t.fail('Docker end-to-end tests cannot be skipped under CI: no Docker engine answers `docker info`', { stderr: engine.stderr.trim() });
} else if (noEngine) {
  process.stderr.write(`${noEngine}\n`);
  t.test('Docker end-to-end', { skip: noEngine }, async () => {});
} else {
  const workDir = mkdtempSync(join(tmpdir(), 'paxos-lab-docker-e2e-'));
  const project = (name: string) => `paxoslabe2e${process.pid}${name}`;
  t.teardown(() => rmSync(workDir, { recursive: true, force: true }));

  t.before(async () => {
    const built = await run(script('build-image.sh'), ['prj4']);
    if (built.code !== 0) throw new Error(`building prj4 failed: ${built.stderr.trim()}`);
  });

  const runHandout = async (t: Test, testcase: 1 | 2): Promise<MergedLog> => {
    const out = join(workDir, `tc${testcase}.log`);
    const result = await run(script('run-compose.sh'),
      [join(handoutDir, `docker-compose-testcase-${testcase}.yml`), out, project(`tc${testcase}`)],
      { RUN_TIMEOUT_SECONDS: '180' });
    t.equal(result.code, 0, 'the run completed and every container exited 0', { stderr: result.stderr.trim() });
    t.comment(`testcase ${testcase} under Docker Compose took ${result.ms} ms`);
    return parseMergedLog(readFileSync(out, 'utf8'));
  };

  t.test('testcase 1 (handed-out Compose file, unmodified)', async (t) => {
    const log = await runHandout(t, 1);
    assertAgreementOnX(t, log, [1, 2, 3, 4, 5]);
    t.same(log.raw.get(5) ?? [], [], 'peer5, not in the protocol, printed nothing');
  });

  t.test('testcase 2 (handed-out Compose file, unmodified)', async (t) => {
    const log = await runHandout(t, 2);
    assertAgreementOnX(t, log, [1, 2, 3, 4, 5]);
    for (const acceptor of [2, 3, 4]) {
      const lines = log.lines.get(acceptor) ?? [];
      const accept101 = lines.findIndex((l) => l.action === 'received' && l.message_type === 'accept' && l.proposal_num === 101);
      const prepare105 = lines.findIndex((l) => l.action === 'received' && l.message_type === 'prepare' && l.proposal_num === 105);
      t.ok(accept101 >= 0 && prepare105 > accept101, `peer${acceptor} received accept 101 before prepare 105`,
        { accept101, prepare105 });
    }
    const peer5 = log.lines.get(5) ?? [];
    t.ok(peer5.some((l) => l.action === 'sent' && l.message_type === 'accept' && l.message_value === 'X'), 'peer5 sent accept with X (adopted)');
    t.ok(peer5.some((l) => l.action === 'chose' && l.message_value === 'X'), 'peer5 chose X');
  });

  t.test('docker stop on a running acceptor returns promptly with its lines intact', async (t) => {
    const file = join(handoutDir, 'docker-compose-testcase-2.yml');
    const compose = (...args: string[]) => run(script('compose.sh'), ['-f', file, '-p', project('sigterm'), ...args]);
    await compose('down', '--remove-orphans');
    t.teardown(() => compose('down', '--remove-orphans'));
    const up = await compose('up', '-d');
    t.equal(up.code, 0, 'compose up -d started the containers', { stderr: up.stderr.trim() });

    // peer2 has accepted 101 and now waits for peer5, which sleeps 10 s.
    const isAccept101 = (l: string) => {
      const line = parseTranscriptLine(l);
      return line?.action === 'received' && line.message_type === 'accept' && line.proposal_num === 101;
    };
    const deadline = Date.now() + 60_000;
    let before: string[] = [];
    while (Date.now() < deadline && !before.some(isAccept101)) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      before = (await run('docker', ['logs', 'peer2'])).stdout.split('\n').filter(Boolean);
    }
    t.ok(before.some(isAccept101), 'peer2 printed received accept 101 before the stop');
    const running = await run('docker', ['inspect', '-f', '{{.State.Running}}', 'peer2']);
    t.equal(running.stdout.trim(), 'true', 'peer2 was still running when stopped');

    const stop = await run('docker', ['stop', 'peer2']);
    t.equal(stop.code, 0, 'docker stop succeeded');
    t.ok(stop.ms < 5_000, `docker stop returned in ${stop.ms} ms, well under the 10 s kill timeout`);
    const exitCode = Number((await run('docker', ['inspect', '-f', '{{.State.ExitCode}}', 'peer2'])).stdout.trim());
    t.ok(exitCode === 0 || exitCode === 143, `peer2 exited with 0 or 143 (got ${exitCode})`);

    const after = (await run('docker', ['logs', 'peer2'])).stdout.split('\n').filter(Boolean);
    t.same(after.slice(0, before.length), before, 'the lines printed before the stop are all still there');
    t.same(after.filter((l) => parseTranscriptLine(l) === null), [], 'every stdout line is a whole JSON transcript line');
  });
}
