#!/usr/bin/env node
// Generates TypeScript types from the JSON Schemas in schemas/, so the line
// format is written down once. `--check` exits 1 when a generated file is stale.
import { compileFromFile } from 'json-schema-to-typescript';
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schemaDir = join(root, 'schemas');
const outDir = join(schemaDir, 'generated');
const check = process.argv.includes('--check');
let stale = 0;

for (const file of readdirSync(schemaDir).filter((f) => f.endsWith('.schema.json')).sort()) {
  const ts = await compileFromFile(join(schemaDir, file), {
    cwd: schemaDir,
    bannerComment: `/* Generated from schemas/${file} by scripts/gen-types.mjs. Do not edit: edit the schema and run npm run gen:types. */`,
    additionalProperties: false,
    strictIndexSignatures: true,
    format: true,
  });
  const out = join(outDir, file.replace('.schema.json', '.ts'));
  let old = '';
  try { old = readFileSync(out, 'utf8'); } catch { /* new file */ }
  if (old === ts) continue;
  if (check) { console.error(`stale: ${out} (run npm run gen:types)`); stale++; continue; }
  writeFileSync(out, ts);
  console.log(`wrote ${out}`);
}
process.exit(stale ? 1 : 0);
