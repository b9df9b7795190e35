// npm run bench:peer — testcase 1 through the local launcher, timed at the
// launcher as lines arrive (peers print no timestamps): launch to the first
// prepare, first prepare to the chose line, and launch to the last exit.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseComposeFile } from '../lab/compose-file.js';
import { freePort, launch } from '../lab/launcher.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const composeFile = fileURLToPath(new URL('../../compose/testcase1/docker-compose.yml', import.meta.url));

interface Timing {
  toFirstPrepareMs: number;
  prepareToChoseMs: number;
  toCompletionMs: number;
}

async function oneRun(): Promise<Timing> {
  const services = parseComposeFile(fs.readFileSync(composeFile, 'utf8'));
  let firstPrepareAt = NaN;
  let choseAt = NaN;
  const startedAt = performance.now();
  const running = launch(services, {
    cwd: path.dirname(composeFile),
    port: await freePort(),
    output: () => {},
    onLine: ({ stream, line, at }) => {
      if (stream !== 'stdout') return;
      if (Number.isNaN(firstPrepareAt) && line.includes('"action":"sent","message_type":"prepare"')) firstPrepareAt = at;
      if (line.includes('"action":"chose"')) choseAt = at;
    },
  });
  const result = await running.done;
  const finishedAt = performance.now();
  if (!result.allSucceeded || Number.isNaN(choseAt)) throw new Error(`a run failed: ${JSON.stringify([...result.exitCodes])}`);
  return { toFirstPrepareMs: firstPrepareAt - startedAt, prepareToChoseMs: choseAt - firstPrepareAt, toCompletionMs: finishedAt - startedAt };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const timings: Timing[] = [];
for (let run = 0; run < RUNS; run++) timings.push(await oneRun());

console.log(`testcase 1 through paxos-lab run, ${RUNS} runs (median, min..max):`);
const rows: [string, keyof Timing][] = [
  ['launch -> first prepare printed', 'toFirstPrepareMs'],
  ['first prepare -> chose line', 'prepareToChoseMs'],
  ['launch -> every peer exited', 'toCompletionMs'],
];
for (const [label, key] of rows) {
  const values = timings.map((timing) => timing[key]);
  console.log(`  ${label.padEnd(34)} ${median(values).toFixed(1).padStart(8)} ms   (${Math.min(...values).toFixed(1)} .. ${Math.max(...values).toFixed(1)})`);
}
console.log('  (launch -> exit includes the acceptors\' quiet period, --quiet-ms 1500 by default)');
