// Loads a rubric (YAML or JSON), checks it against schemas/rubric.schema.json
// and the checks a schema cannot express (points add up, ids unique), and
// decides which rubric item owns a finding.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { describeIoError } from '../peer/command-line.js';
import type { Rubric, RubricItem, RubricTestcase } from '../schemas/generated/rubric.js';
import type { Finding } from '../verifier/types.js';
import { describeErrors, validatorFor } from './schemas.js';

export type { Rubric, RubricItem, RubricTestcase };

/** The rubric that follows the handout's weights (part 1: 50, part 2: 40). */
export const DEFAULT_RUBRIC_PATH = fileURLToPath(new URL('../../rubrics/default.yaml', import.meta.url));

export class RubricError extends Error {}

/**
 * Points are kept to 2 decimals everywhere (earned and maximum alike), so a
 * sum of items such as 0.1 + 0.2 shows as 0.3 and a full score equals its
 * maximum to the last digit.
 */
export function roundPoints(x: number): number {
  return Math.round(x * 100) / 100;
}

function hasAtMostTwoDecimals(x: number): boolean {
  return Math.abs(x * 100 - Math.round(x * 100)) < 1e-6;
}

/** Checks what the schema cannot: throws RubricError naming the place. */
function checkConsistency(rubric: Rubric, source: string): void {
  const seen = new Set<string>();
  rubric.testcases.forEach((tc, i) => {
    const where = `${source}: testcases[${i}] (${tc.id})`;
    if (seen.has(tc.id)) throw new RubricError(`${source}: testcase ${tc.id} is listed twice`);
    seen.add(tc.id);
    // 50/3 written out (16.666666666666668) would show as 16.67 earned of 16.666666666666668.
    const amounts = [{ what: 'points', points: tc.points }, ...tc.items.map((item) => ({ what: `item "${item.name}" points`, points: item.points }))];
    const tooPrecise = amounts.find((a) => !hasAtMostTwoDecimals(a.points));
    if (tooPrecise) {
      throw new RubricError(`${where}: ${tooPrecise.what} ${tooPrecise.points} has more than 2 decimals; write e.g. ${roundPoints(tooPrecise.points)} and make the items add up`);
    }
    for (const item of tc.items) {
      if (item.deductPerError !== undefined && item.scoring !== 'per-error') {
        throw new RubricError(`${where}: item "${item.name}" has deductPerError but not scoring: per-error, so it would deduct nothing`);
      }
    }
    const sum = tc.items.reduce((total, item) => total + item.points, 0);
    if (Math.abs(sum - tc.points) > 1e-9) {
      throw new RubricError(`${where} is worth ${tc.points} points but its items add up to ${roundPoints(sum)}`);
    }
    if (tc.items.filter((item) => item.other === true).length > 1) {
      throw new RubricError(`${where} has more than one item with other: true`);
    }
  });
}

export function parseRubric(text: string, source: string): Rubric {
  let data: unknown;
  try {
    data = source.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new RubricError(`${source}: not valid ${source.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`);
  }
  const validate = validatorFor('rubric');
  if (!validate(data)) throw new RubricError(`${source}: not a rubric: ${describeErrors(validate.errors)}`);
  const rubric = data as Rubric;
  checkConsistency(rubric, source);
  return rubric;
}

export function loadRubric(path: string = DEFAULT_RUBRIC_PATH): Rubric {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new RubricError(`cannot read rubric ${path}: ${describeIoError(error)}`);
  }
  return parseRubric(text, path);
}

export function maxPoints(rubric: Rubric): number {
  return roundPoints(rubric.testcases.reduce((total, tc) => total + tc.points, 0));
}

function owns(item: RubricItem, finding: Pick<Finding, 'ruleId' | 'category'>): boolean {
  return (item.rules?.includes(finding.ruleId) ?? false) || (item.categories?.includes(finding.category) ?? false);
}

/** The item of a testcase that owns a finding: by rule id first, then category, then the catch-all. */
export function ownerOf(testcase: RubricTestcase, finding: Pick<Finding, 'ruleId' | 'category'>): RubricItem | null {
  return (
    testcase.items.find((item) => item.rules?.includes(finding.ruleId) ?? false) ??
    testcase.items.find((item) => owns(item, finding)) ??
    testcase.items.find((item) => item.other === true) ??
    null
  );
}
