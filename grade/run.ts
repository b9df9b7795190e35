// The work behind `paxos-verify grade`, loaded only when that command runs so
// that checking one log does not pay for the grading stack (YAML, XML, CSV).

import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../verifier/commands/usage-error.js';
import { CSV_FILE } from './files.js';
import { GradeInputError, gradeClass } from './index.js';
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
      throw new UsageError(`cannot read class folder ${dir}: ${code === 'ENOTDIR' ? 'not a folder' : code}`);
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
    writeFileSync(csvPath, toCsv(result.results, rubric));
  } catch (error) {
    process.stderr.write(`paxos-verify: cannot write the CSV ${visibleControls(csvPath)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    process.exitCode = 2;
    return;
  }
  process.stdout.write(`CSV: ${visibleControls(csvPath)}\n`);
}
