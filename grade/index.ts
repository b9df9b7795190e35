// Grading a class as a library: discover the submissions of a folder, grade
// them (in parallel), and get every submission's result back.

import { accessSync, constants, mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { describeIoError } from '../peer/command-line.js';
import { CORE_RULES, listScenarios } from '../verifier/index.js';
import { discoverClass } from './discover.js';
import { gradeAll } from './pool.js';
import { RubricError, type Rubric } from './rubric.js';
import type { OutputFormat, SubmissionResult } from './submission.js';

export { discoverClass, discoverSubmission, looksLikeTranscript, testcaseOfName } from './discover.js';
export { DEFAULT_RUBRIC_PATH, loadRubric, maxPoints, parseRubric, RubricError } from './rubric.js';
export { gradeOrFail, gradeSubmission, OUTPUT_FORMATS, type OutputFormat, type SubmissionResult } from './submission.js';
export { toCsv, toTable } from './table.js';
export { toClassroom, classroomOutputValue } from './outputs/classroom.js';
export { toGradescope } from './outputs/gradescope.js';
export { toJUnit } from './outputs/junit.js';

export interface GradeClassOptions {
  rubric: Rubric;
  /** Default: the class folder itself (each submission's files go into its own folder). */
  outRoot?: string;
  outputs: readonly OutputFormat[];
  /** Worker threads; default and at most: the number of cores. 1 grades in this thread. */
  jobs?: number;
  onResult?: (result: SubmissionResult) => void;
  /** Called once the submissions are known, before grading starts. */
  onDiscovered?: (count: number) => void;
}

export interface ClassResult {
  results: SubmissionResult[];
  /** Top-level files of the class folder that are not submissions. */
  ignored: string[];
  /** The class folder held testcase logs itself (these): it was graded as one submission. */
  logsAtTop: string[];
}

/** The class cannot be graded as asked (no submissions, outputs not writable): one line for the user. */
export class GradeInputError extends Error {}

/** Checked once before grading, so a typo in --out is one clear error, not one note per submission. */
function ensureWritable(outRoot: string): void {
  try {
    mkdirSync(outRoot, { recursive: true });
    accessSync(outRoot, constants.W_OK);
  } catch (error) {
    throw new GradeInputError(`cannot write to the output folder ${outRoot}: ${describeIoError(error)}`);
  }
}

/** Rule ids and scenarios a rubric names must exist: a typo would silently never match. */
export function checkRubricAgainstVerifier(rubric: Rubric): void {
  const scenarios = listScenarios();
  const known = new Set([...CORE_RULES, ...scenarios.flatMap((s) => s.expectations)].map((rule) => rule.meta.id));
  for (const tc of rubric.testcases) {
    if (!scenarios.some((s) => s.name === tc.scenario)) {
      throw new RubricError(`rubric testcase ${tc.id}: unknown scenario "${tc.scenario}" (known: ${scenarios.map((s) => s.name).join(', ')})`);
    }
    for (const item of tc.items) {
      for (const id of item.rules ?? []) {
        if (!known.has(id)) throw new RubricError(`rubric testcase ${tc.id}, item "${item.name}": unknown rule ${id}`);
      }
    }
  }
}

export async function gradeClass(classDir: string, options: GradeClassOptions): Promise<ClassResult> {
  checkRubricAgainstVerifier(options.rubric);
  const outRoot = resolve(options.outRoot ?? classDir);
  // An output folder inside the class folder is not a submission.
  const found = discoverClass(classDir, { skip: new Set([outRoot]), graded: options.rubric.testcases.map((tc) => tc.id) });
  if (found.submissions.length === 0) {
    const files = found.ignored.length > 0 ? `; files there are not submissions: ${found.ignored.slice(0, 5).join(', ')}` : '';
    throw new GradeInputError(`no submissions in ${classDir}: it holds no sub-folder (one folder per submission)${files}`);
  }
  if (options.outputs.length > 0) ensureWritable(outRoot);
  options.onDiscovered?.(found.submissions.length);
  const results = await gradeAll(
    found.submissions,
    { rubric: options.rubric, outRoot, outputs: options.outputs, oneSubmission: found.oneSubmission },
    options.jobs ?? availableParallelism(),
    options.onResult,
  );
  return { results, ignored: found.ignored, logsAtTop: found.logsAtTop };
}
