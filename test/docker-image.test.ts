// What `docker build . -t prj4` needs from a fresh clone, checked without an
// engine: a committed bundle that matches the sources, and every file the
// Dockerfile copies present and let through by .dockerignore.
import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, run } from './docker-run.js';

t.test('the committed bundle image/paxos-peer.mjs matches a fresh bundle of the peer', async (t) => {
  const check = await run(process.execPath, ['scripts/docker/bundle.mjs', '--check']);
  t.equal(check.code, 0, 'bundle --check passes (if not: npm run bundle, and commit the result)', { stderr: check.stderr.trim() });
});

t.test('every file the Dockerfile copies exists and is in the build context', async (t) => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const sources = [...dockerfile.matchAll(/^COPY\s+(.+)\s+\S+$/gm)].flatMap((m) => m[1]!.trim().split(/\s+/));
  t.ok(sources.length >= 3, `the Dockerfile copies the bundle and both hostsfiles (${sources.join(', ')})`);
  const allowed = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n')
    .filter((l) => l.startsWith('!')).map((l) => l.slice(1).trim());
  for (const source of sources) {
    t.ok(existsSync(join(root, source)), `${source} exists`);
    t.ok(allowed.includes(source), `${source} is allowed by .dockerignore`);
  }
});

t.test('the Docker scripts reject bad arguments with one line and exit 2', async (t) => {
  const cases: [string, string[]][] = [
    [process.execPath, ['scripts/docker/bundle.mjs', '--no-such-flag']],
    ['scripts/docker/run-compose.sh', []],
    ['scripts/docker/run-compose.sh', ['no-such-compose-file.yml', 'out.log']],
    ['scripts/docker/node-base-image.sh', ['--no-such-flag']],
    ['scripts/docker/start-engine.sh', ['--no-such-flag']],
    ['scripts/docker/build-image.sh', ['--no-such-flag']],
  ];
  for (const [cmd, args] of cases) {
    const result = await run(cmd, args);
    const label = [cmd === process.execPath ? 'node' : cmd, ...args].join(' ');
    t.equal(result.code, 2, `${label}: exit code 2`);
    t.equal(result.stderr.trim().split('\n').length, 1, `${label}: one line on stderr`, { stderr: result.stderr });
  }
});
