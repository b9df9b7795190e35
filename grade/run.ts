// The work behind `paxos-verify grade`, loaded only when that command runs so
// that checking one log does not pay for the grading stack (YAML, XML, CSV).

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describeIoError } from '../peer/command-line.js';
import { UsageError } from '../verifier/commands/usage-error.js';
import { CSV_FILE, isDiagramFile } from './files.js';
import { GradeInputError, gradeClass, type ClassResult } from './index.js';
import { createProgress } from './progress.js';
import { DEFAULT_RUBRIC_PATH, loadRubric, RubricError } from './rubric.js';
import { OUTPUT_FORMATS, type OutputFormat } from './submission.js';
import { toCsv, toTable } from './table.js';
import { visibleControls } from './text.js';

export interface GradeFlags {
  rubric?: string;
  out?: string;
  csv?: string;
  gradescope?: boolean;
  junit?: boolean;
  classroom?: boolean;
  html?: boolean;
  files: boolean;
  jobs: string;
  progress: boolean;
}

function chosenFormats(flags: GradeFlags): OutputFormat[] {
  const chosen = OUTPUT_FORMATS.filter((f) => flags[f] === true);
  if (!flags.files) {
    if (chosen.length > 0) throw new UsageError(`--no-files writes no per-submission files; it cannot be combined with ${chosen.map((f) => `--${f}`).join(' ')}`);
    return [];
  }
  return chosen.length > 0 ? chosen : [...OUTPUT_FORMATS];
}

export async function runGrade(dir: string, flags: GradeFlags): Promise<void> {
  const jobs = Number(flags.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs needs a whole number of at least 1, got "${flags.jobs}"`);
  const outputs = chosenFormats(flags);
  let rubric;
  try {
    rubric = loadRubric(flags.rubric ?? DEFAULT_RUBRIC_PATH);
  } catch (error) {
    if (error instanceof RubricError) throw new UsageError(error.message);
    throw error;
  }
  const outRoot = resolve(flags.out ?? dir);
  const csvPath = flags.csv ?? join(flags.out ?? dir, CSV_FILE);
  let progress = createProgress(0);
  let result;
  try {
    result = await gradeClass(dir, {
      rubric,
      outRoot,
      outputs,
      jobs,
      onDiscovered: (count) => (progress = createProgress(count, process.stderr, flags.progress)),
      onResult: (r) => progress.done(r),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof RubricError || error instanceof GradeInputError) throw new UsageError(visibleControls(error.message));
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES') {
      throw new UsageError(`cannot read class folder ${dir}: ${describeIoError(error, CLASS_FOLDER_WORDS)}`);
    }
    throw new UsageError(`grading stopped: ${error instanceof Error ? error.message : String(error)}`);
  }
  progress.finish();
  if (result.logsAtTop.length > 0) {
    process.stderr.write(
      `paxos-verify grade: ${visibleControls(dir)} holds testcase logs itself (${visibleControls(result.logsAtTop.join(', '))}): graded as one submission\n`,
    );
  }
  if (result.ignored.length > 0) {
    process.stderr.write(`paxos-verify grade: not submission folders, ignored: ${visibleControls(result.ignored.join(', '))}\n`);
  }
  // The table first: a CSV that cannot be written must not cost the grades on screen.
  process.stdout.write(toTable(result.results, rubric, { width: process.stdout.columns ?? 120 }));
  process.exitCode = result.results.some((r) => r.needsReview) ? 1 : 0;
  try {
    // OUT (or the --csv folder) is created when needed, as it is for the per-submission files.
    // (Only when missing: a file in its place is then reported as the write's ENOTDIR, not mkdir's EEXIST.)
    if (!existsSync(dirname(csvPath))) mkdirSync(dirname(csvPath), { recursive: true });
    writeFileSync(csvPath, toCsv(result.results, rubric));
    process.stdout.write(`CSV: ${visibleControls(csvPath)}\n`);
  } catch (error) {
    process.stderr.write(`paxos-verify: cannot write the CSV ${visibleControls(csvPath)}: ${describeIoError(error)}\n`);
    process.exitCode = 2;
  }
  const files = whereFilesWent(result, flags.out ?? dir, flags.out !== undefined);
  if (files !== null) process.stdout.write(`${files}\n`);
}

const CLASS_FOLDER_WORDS = {
  ENOENT: 'no such folder',
  ENOTDIR: 'not a folder (to check one log, run paxos-verify FILE)',
};

/**
 * Without --out the files land in the students' own folders: say so, and
 * where, so nobody is surprised by results.json next to a log. Null when
 * nothing was written.
 */
function whereFilesWent(result: ClassResult, out: string, outGiven: boolean): string | null {
  // The autograder files first, the diagrams after them.
  const names = [...new Set(result.results.flatMap((r) => r.written))].sort((a, b) => Number(isDiagramFile(a)) - Number(isDiagramFile(b)));
  if (names.length === 0) return null;
  const list = visibleControls(names.join(', '));
  const root = visibleControls(out.replace(/\/+$/, ''));
  if (result.logsAtTop.length > 0) return `files: ${list} written into ${root}/`;
  if (outGiven) return `files: ${list} written into ${root}/<submission>/`;
  return `files: ${list} written into each submission's own folder (${root}/<submission>/; --out DIR writes them elsewhere)`;
}
