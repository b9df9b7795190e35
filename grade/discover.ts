// Finds the submissions of a class folder and, in each, the log of each
// testcase. Students name their logs in many ways (tc1.log, testcase1.txt,
// docker-compose-testcase-1.log, test1.out, a tc1/ folder of per-peer logs);
// anything that cannot be matched to exactly one log per testcase is written
// down as a note for that submission, never guessed.

import { closeSync, openSync, readdirSync, readSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { describeIoError } from '../peer/command-line.js';
import { CSV_FILE, isOutputFile } from './files.js';

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


/** Extensions a testcase log may have (none at all is fine too, see looksLikeTranscript). */
const LOG_EXTENSIONS = new Set(['.log', '.txt', '.out', '.jsonl', '.json', '.stdout']);

/** tc1, testcase-2, test_1, case1, part2, docker-compose-testcase-1 (a number 1 or 2 not followed by a digit). */
const TESTCASE_NAME = /(?:^|[^a-z])(?:tc|testcase|test|case|part)[-_ ]?([12])(?![0-9])/;
const PEER_FILE = /^peer[-_]?\d+(?:[-_.]|$)/;
/** The handed-out hostsfiles (hostsfile-testcase1.txt) name a testcase but are not logs. */
const NOT_A_LOG = /hosts/;

const MAX_DEPTH = 4;
const SKIPPED_DIRS = new Set(['node_modules', '.git', '__MACOSX']);

/** How much of a file looksLikeTranscript reads: enough to get past a Compose build's output. */
const SNIFF_BYTES = 64 * 1024;
/** A key of the handout's transcript line, as printed (one line or spread over several). */
const TRANSCRIPT_KEY = /"(?:peer_id|message_type)"\s*:/;

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

/**
 * For files whose name alone does not make them a log (a script run_testcase1,
 * output.txt inside a testcase1/ folder): whether the start of the file holds
 * a transcript line.
 */
export function looksLikeTranscript(path: string): boolean {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const length = readSync(fd, buffer, 0, SNIFF_BYTES, 0);
    return TRANSCRIPT_KEY.test(buffer.toString('utf8', 0, length));
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * The testcase a file is the log of, or null. Its own name decides when it
 * says a testcase and has a log extension; a name without extension
 * (run_testcase1 may be a script) or a neutral name inside a testcase folder
 * (testcase1/output.log) counts only when the file holds a transcript line.
 */
function testcaseOfFile(name: string, path: string, folderTc: TestcaseId | null): TestcaseId | null {
  const lower = name.toLowerCase();
  if (NOT_A_LOG.test(lower)) return null;
  const ext = extensionOf(name);
  if (ext !== '' && !LOG_EXTENSIONS.has(ext)) return null;
  const own = testcaseOfName(name);
  if (own !== null && ext !== '') return own;
  const tc = own ?? folderTc;
  return tc !== null && looksLikeTranscript(path) ? tc : null;
}

/** Files that are never a student's log and not worth a note: dot-files (.DS_Store, macOS ._tc1.log copies), Windows' thumbnails. */
function isClutter(name: string): boolean {
  return name.startsWith('.') || /^(thumbs\.db|desktop\.ini)$/i.test(name);
}

interface Walked {
  file: string;
  /** With links resolved: a link to a log and the log itself are one candidate. */
  real: string;
  rel: string;
  name: string;
  parentName: string;
  /** The testcase named by the nearest folder above the file within the submission. */
  folderTc: TestcaseId | null;
}

interface WalkContext {
  root: string;
  /** The submission folder with links resolved: links are followed only to places inside it. */
  rootReal: string;
  /** Real paths of the folders searched: a link back to one (a loop) is not searched again. */
  seen: Set<string>;
  skip: ReadonlySet<string>;
  out: Walked[];
  notes: SubmissionNote[];
}

function inside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** Follows a link found in a submission; null (with a note) for a broken one or one leading outside it. */
function followLink(path: string, ctx: WalkContext): { real: string; isDirectory: boolean; isFile: boolean } | null {
  const rel = relative(ctx.root, path);
  try {
    const real = realpathSync(path);
    // A student's tc1.log -> /autograder/source/... would otherwise show that file in the feedback.
    if (!inside(ctx.rootReal, real)) {
      // Named like a log, it is why that testcase is missing: say so first.
      const severity = testcaseOfName(basename(path)) !== null ? 'error' : 'warning';
      ctx.notes.push({ severity, message: `link not followed (it points outside the submission): ${rel}` });
      return null;
    }
    const stat = statSync(real);
    return { real, isDirectory: stat.isDirectory(), isFile: stat.isFile() };
  } catch (error) {
    ctx.notes.push({ severity: 'warning', message: `link not followed (${describeIoError(error)}): ${rel}` });
    return null;
  }
}

function walk(dir: string, dirReal: string, ctx: WalkContext, depth: number, folderTc: TestcaseId | null): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    ctx.notes.push({ severity: 'error', message: `cannot read folder ${relative(ctx.root, dir) || '.'}: ${describeIoError(error)}` });
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (isClutter(entry.name)) continue;
    const path = join(dir, entry.name);
    let real = join(dirReal, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const target = followLink(path, ctx);
      if (target === null) continue;
      ({ real, isDirectory, isFile } = target);
    }
    if (ctx.skip.has(resolve(path))) continue;
    if (isDirectory) {
      if (SKIPPED_DIRS.has(entry.name) || ctx.seen.has(real)) continue;
      if (depth >= MAX_DEPTH) {
        ctx.notes.push({ severity: 'info', message: `not searched (nested too deep): ${relative(ctx.root, path)}` });
        continue;
      }
      ctx.seen.add(real);
      walk(path, real, ctx, depth + 1, testcaseOfName(entry.name) ?? folderTc);
    } else if (isFile) {
      // Files grade wrote on an earlier run are not the student's.
      if (depth === 0 && isOutputFile(entry.name)) continue;
      const rel = relative(ctx.root, path);
      const parts = rel.split(sep);
      ctx.out.push({ file: path, real, rel, name: entry.name, parentName: parts.length > 1 ? parts[parts.length - 2]! : '', folderTc });
    }
  }
}

function listNames(names: string[], max = 5): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

export interface DiscoverOptions {
  /** The testcases the rubric grades: only their logs are looked for (default: tc1 and tc2). */
  graded?: readonly TestcaseId[];
  /** Absolute paths not to search (an output folder inside the class folder). */
  skip?: ReadonlySet<string>;
}

export function discoverSubmission(dir: string, id: string, options: DiscoverOptions = {}): Submission {
  const graded = options.graded ?? TESTCASE_IDS;
  const notes: SubmissionNote[] = [];
  const files: Walked[] = [];
  let rootReal: string;
  try {
    rootReal = realpathSync(dir);
  } catch {
    rootReal = resolve(dir);
  }
  walk(dir, rootReal, { root: dir, rootReal, seen: new Set([rootReal]), skip: options.skip ?? new Set(), out: files, notes }, 0, null);

  const candidates: Record<TestcaseId, TestcaseInput[]> = { tc1: [], tc2: [] };
  const perPeerFolders = new Map<string, { tc: TestcaseId; input: TestcaseInput }>();
  const unrecognisedLogs: string[] = [];
  const otherFiles: string[] = [];
  const candidateFiles = new Set<string>();

  for (const f of files) {
    const ext = extensionOf(f.name);
    const parentTc = testcaseOfName(f.parentName);
    // A tc1/ folder holding peer1.log ... peer5.log: one input, printer from each file name.
    if (parentTc !== null && PEER_FILE.test(f.name.toLowerCase()) && (ext === '' || LOG_EXTENSIONS.has(ext))) {
      const folder = f.rel.slice(0, f.rel.length - f.name.length - 1);
      let group = perPeerFolders.get(folder);
      if (!group) {
        group = { tc: parentTc, input: { relative: [], paths: [], kind: 'per-peer-folder' } };
        perPeerFolders.set(folder, group);
        candidates[parentTc].push(group.input);
      }
      group.input.relative.push(f.rel);
      group.input.paths.push(f.file);
      continue;
    }
    const tc = testcaseOfFile(f.name, f.file, f.folderTc);
    if (tc !== null && graded.includes(tc)) {
      if (candidateFiles.has(f.real)) continue;
      candidateFiles.add(f.real);
      candidates[tc].push({ relative: [f.rel], paths: [f.file], kind: 'merged-log' });
    } else if (tc === null && (ext === '.log' || ext === '.out')) {
      unrecognisedLogs.push(f.rel);
    } else {
      // Includes the logs of a testcase the rubric does not grade.
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
      if (!graded.includes(tc)) continue;
      notes.push({
        severity: 'error',
        message: `no ${tc} log found (looked for names like ${tc}.log, testcase${tc.slice(2)}.txt, docker-compose-testcase-${tc.slice(2)}.log, test${tc.slice(2)}.out, or a ${tc}/ folder of peerN logs)`,
      });
    } else {
      testcases[tc] = { status: 'ambiguous', candidates: found };
      if (!graded.includes(tc)) continue;
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
  /**
   * The folder given is itself one submission (testcase logs at its top
   * level): it is graded as one, named after the folder.
   */
  oneSubmission: boolean;
  /** What made it one submission: the testcase logs (or tc1/ folders) at its top level. */
  logsAtTop: string[];
}

interface TopEntry {
  name: string;
  path: string;
  kind: 'dir' | 'file' | 'broken-link' | 'other';
}

/** Top-level entries with links followed: a class folder of links to submissions is common (ln -s /autograder/submission class/me). */
function topEntries(classDir: string): TopEntry[] {
  return readdirSync(classDir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((entry): TopEntry => {
      const path = join(classDir, entry.name);
      if (!entry.isSymbolicLink()) return { name: entry.name, path, kind: entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : 'other' };
      try {
        const stat = statSync(path);
        return { name: entry.name, path, kind: stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : 'other' };
      } catch {
        return { name: entry.name, path, kind: 'broken-link' };
      }
    });
}

/** A testcase log at the top of the folder, or a tc1/ folder of peerN logs: the folder is one submission, not a class. */
function holdsLogs(entries: readonly TopEntry[]): string[] {
  return entries
    .filter((e) => {
      if (isClutter(e.name)) return false;
      if (e.kind === 'file') return testcaseOfFile(e.name, e.path, null) !== null;
      if (e.kind !== 'dir' || testcaseOfName(e.name) === null) return false;
      try {
        return readdirSync(e.path).some((name) => PEER_FILE.test(name.toLowerCase()));
      } catch {
        return false;
      }
    })
    .map((e) => (e.kind === 'dir' ? `${e.name}/` : e.name));
}

/**
 * Every sub-folder of `classDir` is one submission, unless classDir holds
 * testcase logs itself: then it is the one submission. Throws when classDir
 * is not a readable folder.
 */
export function discoverClass(classDir: string, options: DiscoverOptions = {}): ClassFolder {
  if (!statSync(classDir).isDirectory()) {
    throw Object.assign(new Error(`${classDir} is not a folder`), { code: 'ENOTDIR' });
  }
  const skip = options.skip ?? new Set<string>();
  const entries = topEntries(classDir);
  const logsAtTop = holdsLogs(entries);
  if (logsAtTop.length > 0) {
    return { submissions: [discoverSubmission(classDir, basename(resolve(classDir)), options)], ignored: [], oneSubmission: true, logsAtTop };
  }
  const submissions: Submission[] = [];
  const ignored: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || skip.has(resolve(entry.path))) continue;
    if (entry.kind === 'dir') submissions.push(discoverSubmission(entry.path, entry.name, options));
    else if (entry.kind === 'broken-link') ignored.push(`${entry.name} (broken link)`);
    // grade's own CSV and a README describing the class are not submissions either.
    else if (entry.name !== CSV_FILE && !/^readme(\.|$)/i.test(entry.name)) ignored.push(entry.name);
  }
  return { submissions, ignored, oneSubmission: false, logsAtTop };
}
