// One logical line (a physical line, or an object reassembled from several)
// through the parse stage: JSON, duplicate keys, schema, normalisation. The
// result says what the line is; the syntax and schema rules judge it.

import type { Profile } from '../types.js';
import { duplicateKeys, explainJson, keyCount, looksLikeJson, NOT_JSON, tryParseJson, type DuplicateKey, type JsonProblem } from './json.js';
import { normaliseLenient, normaliseStrict, type Normalised, type VariantId } from './normalise.js';
import { checkSchema, type SchemaProblem } from './schema.js';
import { readCanonical } from './canonical.js';

/** A logical line as ingest hands it over. */
export interface RawRecord {
  file: string;
  /** 1-based line of the first physical line. */
  line: number;
  /** Peer that printed it, when known. */
  printer: number | null;
  text: string;
  /** 0-based column of the input line where `text` starts: the length of the container prefix and timestamp before it. */
  indent: number;
  /** For an object spread over several lines: where each physical line starts in `text`, and its own indent. */
  segments: Segment[] | null;
  /** Docker 16 KiB pieces joined into this line (0 when it was never split). */
  fragments: number;
}

export interface Segment {
  line: number;
  offset: number;
  indent: number;
}

export type RecordStatus = 'meta' | 'blank' | 'noise' | 'json-error' | 'schema-error' | 'ok';

export interface LineRecord extends RawRecord {
  status: RecordStatus;
  json: JsonProblem | null;
  duplicates: DuplicateKey[];
  schema: SchemaProblem[] | null;
  /** What the line says; also set on a strict schema error the lenient reading understands. */
  message: Normalised | null;
  /** meta: Compose's "exited with code N" for this printer. */
  exitCode: number | null;
}

const NONE: DuplicateKey[] = [];
const STRICT_KEYS = 5;

/** A logical line as ingest creates it, ready for parseRecord to fill in: one object per line, every field set here so all lines share one shape (a spread made V8 build slow objects). */
export function newRecord(file: string, line: number, printer: number | null, text: string, indent = 0): LineRecord {
  return { file, line, printer, text, indent, segments: null, fragments: 0, status: 'ok', json: null, duplicates: NONE, schema: null, message: null, exitCode: null };
}

/** A line Compose itself printed (Attaching to, exited with code N). */
export function metaRecord(file: string, line: number, printer: number | null, text: string, exitCode: number | null): LineRecord {
  const record = newRecord(file, line, printer, text);
  record.status = 'meta';
  record.exitCode = exitCode;
  return record;
}

/** Fills in what the line is, in place. */
export function parseRecord(record: LineRecord, profile: Profile): LineRecord {
  const text = record.text;
  const canonical = readCanonical(text);
  if (canonical) {
    record.message = canonical;
    return record;
  }
  if (text.trim() === '') {
    record.status = 'blank';
    return record;
  }
  if (!looksLikeJson(text)) {
    record.status = 'noise';
    return record;
  }
  const value = tryParseJson(text);
  if (value === NOT_JSON) {
    record.status = 'json-error';
    record.json = explainJson(text, (offset) => placeOf(record, offset));
    return record;
  }
  const strictProblems = checkSchema(value, 'strict', text);
  // A strict line has exactly its five keys, so no need to count them.
  const keys = strictProblems === null ? STRICT_KEYS : keyCount(value);
  if (keys >= 0) record.duplicates = duplicateKeys(text, keys);
  // A strict line means the same under both profiles (101.0 and 1e2 are whole numbers).
  if (strictProblems === null) {
    record.message = normaliseStrict(value);
    return record;
  }
  const meaning = readMeaning(value, text);
  // A line that fails still feeds the run when its meaning is clear, so one
  // spelling mistake is reported once, not again as quorum or pairing errors.
  const problems = profile === 'strict' ? strictProblems : meaning.problems;
  record.message = meaning.message;
  if (problems !== null) {
    record.status = 'schema-error';
    record.schema = problems;
  }
  return record;
}

/** The line read the lenient way (ignoring extra keys): its message if clear, and the lenient problems. */
function readMeaning(value: unknown, text: string): { message: Normalised | null; problems: SchemaProblem[] | null } {
  const problems = checkSchema(value, 'lenient', text);
  let readable = value;
  if (problems !== null) {
    if (!problems.every((p) => p.signature.startsWith('extra:'))) return { message: null, problems };
    const extra = new Set(problems.map((p) => p.key));
    readable = Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([key]) => !extra.has(key)));
    if (checkSchema(readable, 'lenient', text) !== null) return { message: null, problems };
  }
  const normalised = normaliseLenient(readable, text);
  if ('signature' in normalised) return { message: null, problems: [...(problems ?? []), normalised] };
  return { message: normalised, problems };
}

/**
 * 1-based input line and column of an offset in the record's text. The
 * column counts from the start of the file's line, container prefix and
 * timestamp included, so an editor's file:line:column jump lands on it.
 */
export function positionOf(record: RawRecord, offset: number): { line: number; column: number } {
  if (!record.segments) return { line: record.line, column: record.indent + offset + 1 };
  let segment = record.segments[0]!;
  for (const s of record.segments) {
    if (s.offset <= offset) segment = s;
    else break;
  }
  return { line: segment.line, column: segment.indent + offset - segment.offset + 1 };
}

/** An offset as the scanner's messages name it: the column, and the line too when the object spans several. */
function placeOf(record: RawRecord, offset: number): string {
  const { line, column } = positionOf(record, offset);
  return record.segments ? `line ${line}, column ${column}` : `column ${column}`;
}

export type { Normalised, VariantId };
