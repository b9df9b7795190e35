/* Generated from schemas/report.schema.json by scripts/gen-types.mjs. Do not edit: edit the schema and run npm run gen:types. */

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
export type Severity = "error" | "warning" | "info";

/**
 * What paxos-verify --format json prints: the verdict on one run, with every finding pointed at its input line.
 */
export interface VerifierReport {
  /**
   * Bumped when a field changes meaning.
   */
  reportVersion: 1;
  tool: "paxos-verify";
  /**
   * pass when no finding has severity error and the run could be verified.
   */
  verdict: "pass" | "fail";
  /**
   * Why the run could not be verified at all (unreadable input, bad hostsfile); null otherwise. The CLI exits 2 when set.
   */
  fatal: string | null;
  scenario: ScenarioChoice;
  profile: "strict" | "lenient";
  hostsfile: HostsfileUsed;
  inputs: InputSummary[];
  counts: FindingCounts;
  findings: Finding[];
  /**
   * Every rule that was run, with its outcome (one TAP test point each).
   */
  rules: RuleOutcome[];
  stats: RunStats;
}
export interface ScenarioChoice {
  /**
   * Scenario whose expectations were checked (tc1, tc2, or a registered one).
   */
  name: string;
  /**
   * True when --scenario auto chose it from the transcript.
   */
  autoDetected: boolean;
  /**
   * Why this scenario: given on the command line, or what auto saw.
   */
  reason: string;
}
export interface HostsfileUsed {
  /**
   * Repo-relative path of a scenario's handed-out hostsfile, or the path given with --hostsfile.
   */
  path: string;
  peers: HostsfilePeer[];
}
export interface HostsfilePeer {
  id: number;
  host: string;
  roles: string[];
}
export interface InputSummary {
  /**
   * File name as given, or <stdin>, or the name passed to the API.
   */
  name: string;
  /**
   * Input forms recognised in this input.
   */
  forms: (
    | "compose-v2-prefix"
    | "compose-v1-prefix"
    | "container-name-prefix"
    | "project-prefix"
    | "ansi-colour"
    | "timestamps"
    | "crlf"
    | "bom"
    | "compose-meta-lines"
    | "no-prefix"
    | "per-peer-file"
    | "multi-line-objects"
    | "split-16k-lines"
    | "non-json-noise"
  )[];
  /**
   * How the printing peer of each line was known: the Compose prefix, the file name, or inferred (no prefix: from peer_id on sent and chose lines, from message matching on received lines).
   */
  printerSource: "prefix" | "file-name" | "inferred" | "none";
  /**
   * Physical lines read.
   */
  lines: number;
  /**
   * Peer ids that printed in this input.
   */
  peers: number[];
  /**
   * Exit codes from Compose's 'exited with code N' lines, by peer id.
   */
  exitCodes: {
    [k: string]: number | undefined;
  };
  notes: string[];
}
export interface FindingCounts {
  /**
   * Occurrences with severity error, including those merged into one finding or omitted.
   */
  error: number;
  warning: number;
  info: number;
  findings: FindingsBySeverity;
  /**
   * Findings not listed because a rule reached its cap (still counted above).
   */
  omitted: number;
  byCategory: {
    [k: string]: number | undefined;
  };
  byRule: {
    [k: string]: number | undefined;
  };
}
/**
 * Distinct findings by severity (each listed once however many lines it covers), including omitted ones; what the summary line counts.
 */
export interface FindingsBySeverity {
  error: number;
  warning: number;
  info: number;
}
export interface Finding {
  /**
   * Rule that reported it, like acceptor/accept-below-promise.
   */
  ruleId: string;
  /**
   * Which of the rule's message templates.
   */
  messageId: string;
  category: Category;
  severity: Severity;
  /**
   * Input the line came from; null for a finding about the whole run.
   */
  file: string | null;
  /**
   * 1-based line in that input (the first line of an object spread over several).
   */
  line: number | null;
  /**
   * 1-based column in the input file's line, counted from its start (container prefix and timestamp included, so an editor's file:line:column jump lands on it), for syntax errors and duplicate keys.
   */
  column: number | null;
  /**
   * Peer that printed the line, like peer3; null when unknown or run-wide.
   */
  peer: string | null;
  message: string;
  /**
   * What a correct run prints or does here.
   */
  expected: string | null;
  /**
   * What this run printed or did.
   */
  seen: string | null;
  /**
   * What to change, in the student's terms.
   */
  hint: string;
  /**
   * How many times the same problem was seen (merged into this finding).
   */
  occurrences: number;
  /**
   * Further places where it was seen (the first 10 at most).
   */
  otherLocations: Location[];
  /**
   * Id of the event in the rebuilt run model (in-process API), when the finding is about one event.
   */
  eventId: number | null;
}
export interface Location {
  file: string;
  line: number;
}
export interface RuleOutcome {
  id: string;
  category: Category;
  severity: Severity;
  /**
   * fail: an error was found; warn: only warnings or notes; pass: nothing.
   */
  outcome: "pass" | "warn" | "fail";
  occurrences: number;
}
export interface RunStats {
  /**
   * Physical lines read from all inputs.
   */
  lines: number;
  /**
   * Logical transcript lines that parsed and passed the schema.
   */
  transcriptLines: number;
  /**
   * Events replayed (sent, received, chose).
   */
  events: number;
  /**
   * Peer ids that printed at least one line.
   */
  peers: number[];
  /**
   * Received lines paired with a send.
   */
  matchedMessages: number;
}
