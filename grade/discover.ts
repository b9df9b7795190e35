// Finds the submissions of a class folder and, in each, the log of each
// testcase. Students name their logs in many ways (tc1.log, testcase1.txt,
// docker-compose-testcase-1.log, test1.out, a tc1/ folder of per-peer logs);
// anything that cannot be matched to exactly one log per testcase is written
// down as a note for that submission, never guessed.

import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { isOutputFile } from './files.js';

export type TestcaseId = 'tc1' | 'tc2';
export const TESTCASE_IDS: readonly TestcaseId[] = ['tc1', 'tc2'];

/** The input of one testcase: one merged log, or a folder of per-peer logs. */
export interface TestcaseInput {
  /** Paths relative to the submission folder, for messages. */
  relative: string[];
  /** Absolute (or as given) paths to read. */
  paths: string[];
  kind: 'merged-log' | 'per-peer-folder';
}

export type TestcaseLookup =
  | { status: 'found'; input: TestcaseInput }
  | { status: 'missing' }
  | { status: 'ambiguous'; candidates: TestcaseInput[] };

export interface SubmissionNote {
  severity: 'error' | 'warning' | 'info';
  message: string;
}

export interface Submission {
  /** The submission folder's name: the row of the table. */
  id: string;
  dir: string;
  testcases: Record<TestcaseId, TestcaseLookup>;
  notes: SubmissionNote[];
}


/** Extensions a testcase log may have (none at all is fine too). */
const LOG_EXTENSIONS = new Set(['', '.log', '.txt', '.out', '.jsonl', '.json', '.stdout']);

/** tc1, testcase-2, test_1, case1, part2, docker-compose-testcase-1 (a number 1 or 2 not followed by a digit). */
const TESTCASE_NAME = /(?:^|[^a-z])(?:tc|testcase|test|case|part)[-_ ]?([12])(?![0-9])/;
const PEER_FILE = /^peer[-_]?\d+(?:[-_.]|$)/;
/** The handed-out hostsfiles (hostsfile-testcase1.txt) name a testcase but are not logs. */
const NOT_A_LOG = /hosts/;

const MAX_DEPTH = 4;
const SKIPPED_DIRS = new Set(['node_modules', '.git', '__MACOSX']);

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot).toLowerCase();
}

function stem(name: string): string {
  const ext = extensionOf(name);
  return (ext === '' ? name : name.slice(0, -ext.length)).toLowerCase();
}

/** The testcase a file or folder name refers to, or null. */
export function testcaseOfName(name: string): TestcaseId | null {
  const match = TESTCASE_NAME.exec(stem(name));
  return match ? (`tc${match[1]}` as TestcaseId) : null;
}

interface Walked {
  file: string;
  rel: string;
  name: string;
  parentName: string;
}

function walk(dir: string, root: string, depth: number, out: Walked[], notes: SubmissionNote[]): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    notes.push({ severity: 'error', message: `cannot read folder ${relative(root, dir) || '.'}: ${(error as NodeJS.ErrnoException).code ?? 'error'}` });
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) continue;
      if (depth >= MAX_DEPTH) {
        notes.push({ severity: 'info', message: `not searched (nested too deep): ${relative(root, path)}` });
        continue;
      }
      walk(path, root, depth + 1, out, notes);
    } else if (entry.isFile()) {
      const rel = relative(root, path);
      // Files grade wrote on an earlier run are not the student's.
      if (depth === 0 && isOutputFile(entry.name)) continue;
      const parts = rel.split(sep);
      out.push({ file: path, rel, name: entry.name, parentName: parts.length > 1 ? parts[parts.length - 2]! : '' });
    }
  }
}

function listNames(names: string[], max = 5): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

export function discoverSubmission(dir: string, id: string): Submission {
  const notes: SubmissionNote[] = [];
  const files: Walked[] = [];
  walk(dir, dir, 0, files, notes);

  const candidates: Record<TestcaseId, TestcaseInput[]> = { tc1: [], tc2: [] };
  const perPeerFolders = new Map<string, { tc: TestcaseId; input: TestcaseInput }>();
  const unrecognisedLogs: string[] = [];
  const otherFiles: string[] = [];

  for (const f of files) {
    const ext = extensionOf(f.name);
    const folderTc = testcaseOfName(f.parentName);
    // A tc1/ folder holding peer1.log ... peer5.log: one input, printer from each file name.
    if (folderTc !== null && PEER_FILE.test(f.name.toLowerCase()) && LOG_EXTENSIONS.has(ext)) {
      const folder = f.rel.slice(0, f.rel.length - f.name.length - 1);
      let group = perPeerFolders.get(folder);
      if (!group) {
        group = { tc: folderTc, input: { relative: [], paths: [], kind: 'per-peer-folder' } };
        perPeerFolders.set(folder, group);
        candidates[folderTc].push(group.input);
      }
      group.input.relative.push(f.rel);
      group.input.paths.push(f.file);
      continue;
    }
    const tc = LOG_EXTENSIONS.has(ext) && !NOT_A_LOG.test(f.name.toLowerCase()) ? testcaseOfName(f.name) : null;
    if (tc !== null) {
      candidates[tc].push({ relative: [f.rel], paths: [f.file], kind: 'merged-log' });
    } else if (ext === '.log' || ext === '.out') {
      unrecognisedLogs.push(f.rel);
    } else {
      otherFiles.push(f.rel);
    }
  }

  const testcases = {} as Record<TestcaseId, TestcaseLookup>;
  for (const tc of TESTCASE_IDS) {
    const found = candidates[tc];
    if (found.length === 1) {
      testcases[tc] = { status: 'found', input: found[0]! };
    } else if (found.length === 0) {
      testcases[tc] = { status: 'missing' };
      notes.push({
        severity: 'error',
        message: `no ${tc} log found (looked for names like ${tc}.log, testcase${tc.slice(2)}.txt, docker-compose-testcase-${tc.slice(2)}.log, test${tc.slice(2)}.out, or a ${tc}/ folder of peerN logs)`,
      });
    } else {
      testcases[tc] = { status: 'ambiguous', candidates: found };
      const names = found.map((c) => (c.kind === 'per-peer-folder' ? `${c.relative[0]!.split(sep).slice(0, -1).join('/')}/` : c.relative[0]!));
      notes.push({ severity: 'error', message: `${found.length} candidates for ${tc}: ${listNames(names)}; not graded: keep one, or rename the others` });
    }
  }
  if (unrecognisedLogs.length > 0) {
    notes.push({
      severity: 'warning',
      message: `log file${unrecognisedLogs.length > 1 ? 's' : ''} not used (name does not say tc1 or tc2): ${listNames(unrecognisedLogs)}`,
    });
  }
  if (otherFiles.length > 0) {
    notes.push({ severity: 'info', message: `other files ignored: ${listNames(otherFiles)}` });
  }
  return { id, dir, testcases, notes };
}

export interface ClassFolder {
  submissions: Submission[];
  /** Top-level entries that are not submission folders (besides grade's own CSV). */
  ignored: string[];
}

/** Every sub-folder of `classDir` is one submission; throws when classDir is not a readable folder. */
export function discoverClass(classDir: string, skip: ReadonlySet<string> = new Set()): ClassFolder {
  if (!statSync(classDir).isDirectory()) {
    throw Object.assign(new Error(`${classDir} is not a folder`), { code: 'ENOTDIR' });
  }
  const entries = readdirSync(classDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  const submissions: Submission[] = [];
  const ignored: string[] = [];
  for (const entry of entries) {
    const path = join(classDir, entry.name);
    if (entry.name.startsWith('.') || skip.has(resolve(path))) continue;
    if (entry.isDirectory()) submissions.push(discoverSubmission(path, entry.name));
    // grade's own CSV and a README describing the class are not submissions either.
    else if (entry.name !== 'grades.csv' && !/^readme(\.|$)/i.test(entry.name)) ignored.push(entry.name);
  }
  return { submissions, ignored };
}
