// Shared by the grade and html tests: where things are, a writable copy of
// the example class, and the JSON Schemas of the autograder formats.

import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const verifyCli = path.join(repoRoot, 'dist', 'verifier', 'cli.js');
export const classExample = path.join(repoRoot, 'fixtures', 'class-example');
export const goldenTc1 = path.join(repoRoot, 'fixtures', 'golden', 'docker-compose-v1-tc1.log');
export const goldenTc2 = path.join(repoRoot, 'fixtures', 'golden', 'docker-compose-v1-tc2.log');

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `paxos-${prefix}-`));
}

/** A copy of the example class without anything grade wrote into it before. */
export function copyOfClassExample(): string {
  const dir = tempDir('class');
  cpSync(classExample, dir, {
    recursive: true,
    filter: (src) => !/(results\.json|junit\.xml|classroom-result\.json|diagram-tc\d\.html|grades\.csv)$/.test(src),
  });
  return dir;
}

/** Writes files (path relative to root -> contents) and returns root. */
export function writeTree(root: string, files: Record<string, string>): string {
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return root;
}
