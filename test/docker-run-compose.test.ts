// scripts/docker/run-compose.sh without an engine: fake `docker` and
// `docker-compose` commands on PATH play the engine's part, so the paths a
// real engine rarely takes (Compose failing, leftovers of another project)
// are checked on every machine.
import t, { type Test } from 'tap';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, run } from './docker-run.js';

const script = join(root, 'scripts', 'docker', 'run-compose.sh');
const composeFile = join(root, 'compose', 'testcase1', 'docker-compose.yml');

// Every call is appended to $FAKE_CALLS. Containers by name: $FAKE_CONTAINERS
// ("peer5=stopped peer1=running"); `up` prints $FAKE_UP_OUTPUT and exits
// $FAKE_UP_CODE; `ps -a -q` lists $FAKE_IDS, each exiting with code 0.
const FAKE_DOCKER = `#!/usr/bin/env bash
echo "docker $*" >> "$FAKE_CALLS"
case "$1" in
  compose) exit 1 ;;
  rm) exit 0 ;;
  inspect)
    if [ "$2" = --type ]; then
      for entry in $FAKE_CONTAINERS; do
        if [ "\${entry%%=*}" = "$6" ]; then
          [ "\${entry#*=}" = running ] && echo true || echo false
          exit 0
        fi
      done
      echo "Error: No such container: $6" >&2
      exit 1
    fi
    echo "/$4 0" ;;
esac
`;
const FAKE_COMPOSE = `#!/usr/bin/env bash
echo "docker-compose $*" >> "$FAKE_CALLS"
case " $* " in
  *" up "*) printf '%s\\n' "$FAKE_UP_OUTPUT"; exit "\${FAKE_UP_CODE:-0}" ;;
  *" ps "*) for id in $FAKE_IDS; do echo "$id"; done ;;
esac
exit 0
`;

interface Fake {
  containers?: string;
  upOutput: string;
  upCode?: number;
  ids?: string;
}

async function runScript(t: Test, fake: Fake, previousLog?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'paxos-run-compose-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of [['docker', FAKE_DOCKER], ['docker-compose', FAKE_COMPOSE]] as const) {
    writeFileSync(join(dir, name), text);
    chmodSync(join(dir, name), 0o755);
  }
  const out = join(dir, 'out', 'tc1.log');
  if (previousLog !== undefined) {
    mkdirSync(join(dir, 'out'));
    writeFileSync(out, previousLog);
  }
  const calls = join(dir, 'calls');
  writeFileSync(calls, '');
  const result = await run(script, [composeFile, out], {
    PATH: `${dir}:${process.env.PATH}`,
    FAKE_CALLS: calls,
    FAKE_CONTAINERS: fake.containers ?? '',
    FAKE_UP_OUTPUT: fake.upOutput,
    FAKE_UP_CODE: String(fake.upCode ?? 0),
    FAKE_IDS: fake.ids ?? 'peer1 peer2 peer3 peer4 peer5',
  });
  const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : null);
  return {
    ...result,
    calls: readFileSync(calls, 'utf8'),
    log: read(out),
    failedLog: read(join(dir, 'out', 'tc1.failed.log')),
    partial: read(`${out}.tmp`),
    out,
  };
}

const GOOD_RUN = 'peer1  | {"peer_id":1,"action":"sent","message_type":"prepare","message_value":null,"proposal_num":101}';
const CONFLICT = 'ERROR: for peer5  Cannot create container for service peer5: Conflict. The container name "/peer5" is already in use';

t.test('a run whose Compose fails leaves the previous log as it was and keeps the failed output aside', async (t) => {
  const r = await runScript(t, { upOutput: CONFLICT, upCode: 1 }, 'the good run\n');
  t.equal(r.code, 1);
  t.equal(r.log, 'the good run\n', 'out/tc1.log untouched');
  t.equal(r.failedLog, `${CONFLICT}\n`, 'the failed output is in out/tc1.failed.log');
  t.equal(r.partial, null, 'no temporary file left behind');
  t.match(r.stderr, /^run-compose: compose up failed \(exit 1\); its output is in \S+tc1\.failed\.log; \S+tc1\.log still holds the previous run$/m);
  t.match(r.stdout, /Conflict/, 'the output was still shown');
});

t.test('a failed first run says that no log was written', async (t) => {
  const r = await runScript(t, { upOutput: CONFLICT, upCode: 1 });
  t.equal(r.code, 1);
  t.equal(r.log, null);
  t.match(r.stderr, /its output is in \S+tc1\.failed\.log; \S+tc1\.log was not written$/m);
});

t.test('a run that completes replaces the log, drops an old failed log, and says where the log is', async (t) => {
  const failedFirst = await runScript(t, { upOutput: CONFLICT, upCode: 1 }, 'old run\n');
  t.equal(failedFirst.code, 1);
  const r = await runScript(t, { upOutput: GOOD_RUN }, 'old run\n');
  t.equal(r.code, 0, r.stderr);
  t.equal(r.log, `${GOOD_RUN}\n`);
  t.equal(r.failedLog, null);
  t.equal(r.partial, null);
  t.equal(r.stderr.trimEnd().split('\n').at(-1), `run-compose: the run's output is in ${r.out}`);
});

t.test('no container ran: the output is kept as failed', async (t) => {
  const r = await runScript(t, { upOutput: 'nothing', ids: '' }, 'old run\n');
  t.equal(r.code, 1);
  t.equal(r.log, 'old run\n');
  t.match(r.stderr, /no containers ran; its output is in /);
});

t.test('stopped containers holding the file\'s container names are removed first, in one line', async (t) => {
  const r = await runScript(t, { containers: 'peer1=stopped peer5=stopped other=stopped', upOutput: GOOD_RUN });
  t.equal(r.code, 0, r.stderr);
  t.match(r.calls, /^docker rm peer1 peer5$/m, 'only the names the Compose file declares');
  t.match(r.stderr, /^run-compose: removed stopped container\(s\) left by an earlier run: peer1 peer5$/m);
  t.ok(r.calls.indexOf('docker rm') < r.calls.indexOf(' up'), 'before up');
});

t.test('a running container with one of the names stops the run, untouched, with how to remove it', async (t) => {
  const r = await runScript(t, { containers: 'peer3=running peer5=stopped', upOutput: GOOD_RUN }, 'old run\n');
  t.equal(r.code, 1);
  t.equal(r.stderr, 'run-compose: container(s) peer3 still running from another run; stop and remove them first: docker rm -f peer3\n');
  t.notMatch(r.calls, /docker rm|docker stop|docker kill| up/, 'nothing removed, stopped or started');
  t.equal(r.log, 'old run\n');
});
