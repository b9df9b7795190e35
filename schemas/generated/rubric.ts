/* Generated from schemas/rubric.schema.json by scripts/gen-types.mjs. Do not edit: edit the schema and run npm run gen:types. */

/**
 * Default visibility of every test in the Gradescope output.
 */
export type Visibility = "visible" | "hidden" | "after_due_date" | "after_published";
export type Visibility1 = "visible" | "hidden" | "after_due_date" | "after_published";
/**
 * One graded test. It owns the findings whose rule id is in rules or whose category is in categories; an item with other: true owns every error finding no other item of its testcase owns.
 */
export type RubricItem = Item & Item1 & Item & Item1;
export type Item =
  | {
      [k: string]: unknown | undefined;
    }
  | {
      [k: string]: unknown | undefined;
    }
  | {
      other: true;
    };
/**
 * Kind of problem, as listed in the cases catalogue (plus role: a peer acting outside its hostsfile roles); several rules may share one.
 */
export type Category =
  | "json-syntax"
  | "duplicate-key"
  | "schema"
  | "one-line"
  | "noise"
  | "variant"
  | "pairing"
  | "quorum-prepare"
  | "quorum-accept"
  | "adopt-value"
  | "accept-below-promise"
  | "prepare-ack-report"
  | "proposal-unique"
  | "agreement"
  | "validity"
  | "termination"
  | "tc2-order"
  | "chose-by-acceptor"
  | "peer-id-convention"
  | "role";

/**
 * How paxos-verify grade turns a submission's verifier findings into points: per testcase, items that each own some rules or categories of findings. Written as YAML or JSON.
 */
export interface Rubric {
  /**
   * Bumped when a field changes meaning.
   */
  rubricVersion: 1;
  /**
   * Shown in the autograder outputs.
   */
  title: string;
  /**
   * Free text for the people who read the rubric (e.g. what it leaves out).
   */
  note?: string;
  visibility?: Visibility;
  /**
   * @minItems 1
   */
  testcases: [RubricTestcase, ...RubricTestcase[]];
}
export interface RubricTestcase {
  /**
   * Which log of a submission this grades: tc1 or tc2 (the testcase number in its file name).
   */
  id: "tc1" | "tc2";
  name: string;
  /**
   * Verifier scenario whose expectations are checked (tc1, tc2 or a registered one).
   */
  scenario: string;
  /**
   * Verifier profile; strict unless given.
   */
  profile?: "strict" | "lenient";
  /**
   * Points of the testcase: must equal the sum of its items' points. At most 2 decimals (checked when the rubric is loaded).
   */
  points: number;
  visibility?: Visibility1;
  /**
   * @minItems 1
   */
  items: [RubricItem, ...RubricItem[]];
}
export interface Item1 {
  name: string;
  /**
   * At most 2 decimals (checked when the rubric is loaded).
   */
  points: number;
  categories?: Category[];
  /**
   * Rule ids like acceptor/accept-below-promise.
   */
  rules?: string[];
  other?: boolean;
  /**
   * all-or-nothing (default): full points without an owned error, 0 with one. per-error: deductPerError points off for each owned error occurrence, down to 0.
   */
  scoring?: "all-or-nothing" | "per-error";
  /**
   * Points off per error occurrence; only with scoring: per-error (checked when the rubric is loaded: alone it would deduct nothing).
   */
  deductPerError?: number;
  /**
   * When true, warnings owned by the item count as errors for scoring (default false: warnings never cost points).
   */
  countWarnings?: boolean;
  visibility?: Visibility1;
}
