// The verifier as a library: verify a run from files, strings or streams,
// get the report (and, on request, the rebuilt run for drawing it). Never
// throws: a run that cannot be verified comes back with `fatal` set.

import { FatalError, Verification, type RunView, type VerifyInput, type VerifyOptions } from './pipeline.js';
import type { Report } from './types.js';

export async function analyse(inputs: readonly VerifyInput[], options: VerifyOptions = {}): Promise<{ report: Report; run: RunView | null }> {
  const verification = new Verification(options);
  try {
    await verification.prepare();
    await verification.verify(inputs);
    return { report: verification.buildReport(), run: verification.run };
  } catch (error) {
    const reason = error instanceof FatalError ? error.message : `internal error: ${error instanceof Error ? error.message : String(error)}`;
    return { report: verification.fatalReport(reason), run: null };
  }
}

export async function verify(inputs: readonly VerifyInput[], options: VerifyOptions = {}): Promise<Report> {
  return (await analyse(inputs, options)).report;
}

export type { RunView, VerifyInput, VerifyOptions };
export type { Finding, Profile, Report, RunEvent, Topology } from './types.js';
export { CORE_RULES } from './rules/index.js';
export type { Rule, RuleExample, RuleMeta, ScenarioParams } from './rules/types.js';
export { defaultScenario, getScenario, listScenarios, registerScenario, type Scenario } from './scenarios/registry.js';
export { TC1, TC2 } from './scenarios/testcases.js';
export { renderJson } from './report/json.js';
export { renderTap } from './report/tap.js';
export { renderText } from './report/text.js';
