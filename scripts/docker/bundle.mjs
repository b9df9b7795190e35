#!/usr/bin/env node
// Bundles the peer (peer/cli.ts and everything it imports, dependencies
// inlined, Node builtins left external) into one ES module for the Docker
// image, so the image needs no npm. The bundle is committed: `docker build`
// must work from a fresh clone without node_modules.
//
// Usage: node scripts/docker/bundle.mjs [--check] [--out FILE]
//   --check     exit 1 if the committed bundle differs from a fresh one
//   --out FILE  write (or compare) FILE instead of image/paxos-peer.mjs
import { build } from 'esbuild';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entry = 'peer/cli.ts';
const defaultOut = 'image/paxos-peer.mjs';

function fail(message, code) {
  console.error(`bundle: ${message}`);
  process.exit(code);
}

const args = process.argv.slice(2);
let check = false;
let out = null;
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--check') check = true;
  else if (arg === '--out' && args[i + 1]) out = resolve(args[++i]);
  else if (arg === '--help') {
    console.log('Usage: node scripts/docker/bundle.mjs [--check] [--out FILE]\n' +
      `  bundles ${entry} into ${defaultOut} (one file, Node builtins external)\n` +
      '  --check     exit 1 if FILE differs from a fresh bundle\n' +
      `  --out FILE  write or compare FILE instead of ${defaultOut}`);
    process.exit(0);
  } else fail(`unknown argument '${arg}' (try --help)`, 2);
}

if (!existsSync(join(root, entry))) fail(`${entry} not found: nothing to bundle`, 2);

const result = await build({
  absWorkingDir: root, // keeps the path comments in the bundle repo-relative
  entryPoints: [entry],
  bundle: true,
  write: false,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  logLevel: 'error',
  // Inlined CommonJS dependencies call require() on Node builtins, which an
  // ES module does not have; give them one.
  banner: { js: "import { createRequire as __paxosCreateRequire } from 'node:module';\nconst require = __paxosCreateRequire(import.meta.url);" },
}).catch(() => fail('esbuild failed (see above)', 1));

const text = result.outputFiles[0].text;
const outPath = out ?? join(root, defaultOut);
const outName = out ?? defaultOut;
let old = null;
try { old = readFileSync(outPath, 'utf8'); } catch { /* not written yet */ }

if (check) {
  if (old !== text) fail(`${outName} is stale: run npm run bundle and commit it`, 1);
  console.log(`bundle: ${outName} is up to date`);
} else if (old === text) {
  console.log(`bundle: ${outName} unchanged`);
} else {
  writeFileSync(outPath, text);
  console.log(`bundle: wrote ${outName} (${text.length} bytes)`);
}
