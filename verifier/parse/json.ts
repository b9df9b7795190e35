// JSON for one transcript line. JSON.parse does the work on the fast path;
// only when it fails, or when the line holds more keys than the object it
// returned (a duplicate key, which JSON.parse silently resolves to the last
// value), does a small hand-written scanner run to say where and what, in
// terms a student can act on.

export interface JsonProblem {
  /** 0-based offset in the text where the problem is. */
  offset: number;
  message: string;
  expected: string | null;
  seen: string | null;
  hint: string;
}

export interface DuplicateKey {
  key: string;
  /** Offsets of the first and of the repeated key. */
  firstOffset: number;
  offset: number;
  /** Values as printed, first then repeated. */
  firstValue: string;
  value: string;
}

export type JsonResult =
  | { ok: true; value: unknown; duplicates: DuplicateKey[] }
  | { ok: false; problem: JsonProblem };

const NO_DUPLICATES: DuplicateKey[] = [];

/** What tryParseJson returns for text that is not JSON. */
export const NOT_JSON: unique symbol = Symbol('not JSON');

/** JSON.parse without the exception (the hot path allocates nothing else). */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

/** How a message names an offset; by default the column in the text itself. */
export type Place = (offset: number) => string;
const COLUMN_IN_TEXT: Place = (offset) => `column ${offset + 1}`;

/** Where and what, for text tryParseJson refused; `place` names offsets in the input's terms. */
export function explainJson(text: string, place: Place = COLUMN_IN_TEXT): JsonProblem {
  return new Scanner(text, place).run().problem ??
    // JSON.parse refused what the scanner accepted: still not JSON for us.
    { offset: 0, message: 'not valid JSON', expected: 'one JSON object', seen: null, hint: HINT_ONE_OBJECT };
}

/**
 * Keys written twice in the outermost object, given how many keys the
 * parsed object has: a cheap count of the keys as written first, the full
 * scanner only when the two differ.
 */
export function duplicateKeys(text: string, keys: number): DuplicateKey[] {
  if (countTopLevelKeys(text) === keys) return NO_DUPLICATES;
  return new Scanner(text).run().duplicates;
}

/** Own keys of a parsed JSON object; -1 for anything else. */
export function keyCount(value: unknown): number {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value).length : -1;
}

export function parseJsonLine(text: string): JsonResult {
  const value = tryParseJson(text);
  if (value === NOT_JSON) return { ok: false, problem: explainJson(text) };
  const keys = keyCount(value);
  return { ok: true, value, duplicates: keys < 0 ? NO_DUPLICATES : duplicateKeys(text, keys) };
}


const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/** Keys of the outermost object as written (colons at depth 1, outside strings). */
function countTopLevelKeys(text: string): number {
  let depth = 0;
  let keys = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
    else if (c === COLON && depth === 1) keys++;
  }
  return keys;
}

/**
 * Does this line look like an attempt at JSON (so a failure is a syntax
 * error), rather than debug text that belongs on stderr?
 */
export function looksLikeJson(text: string): boolean {
  const t = text.trimStart();
  const c = t.charCodeAt(0);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) return true;
  return t.includes('"peer_id"') || t.includes('"action"');
}

const HINT_ONE_OBJECT =
  'Print each message as one JSON object on one line, e.g. {"peer_id":1,"action":"sent","message_type":"prepare","message_value":"X","proposal_num":101}.';

const CONTROL_NAMES: Record<number, string> = {
  0: 'NUL', 7: 'BEL', 8: 'BS', 9: 'TAB', 10: 'LF', 11: 'VT', 12: 'FF', 13: 'CR', 27: 'ESC', 127: 'DEL',
};

/** A character as a student would want it named in a message. */
export function describeChar(text: string, offset: number): string {
  if (offset >= text.length) return 'the end of the line';
  const c = text.charCodeAt(offset);
  if (c < 32 || c === 127) {
    const code = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
    return CONTROL_NAMES[c] ? `${code} (${CONTROL_NAMES[c]})` : code;
  }
  const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(offset, offset + 24));
  if (word) return word[0];
  return `'${text[offset]}'`;
}

interface ScanResult {
  problem: JsonProblem | null;
  duplicates: DuplicateKey[];
}

class ScanError extends Error {
  constructor(readonly problem: JsonProblem) {
    super(problem.message);
  }
}

const WORD_HINTS: Record<string, string> = {
  None: 'JSON writes null for "no value" (not None, nil, NULL or undefined).',
  nil: 'JSON writes null for "no value" (not None, nil, NULL or undefined).',
  NULL: 'JSON writes null for "no value" (not None, nil, NULL or undefined).',
  Null: 'JSON writes null for "no value" (not None, nil, NULL or undefined).',
  undefined: 'JSON writes null for "no value" (not None, nil, NULL or undefined).',
  True: 'JSON writes true and false in lower case.',
  False: 'JSON writes true and false in lower case.',
  NaN: 'A proposal number must be a plain number like 101.',
};

/**
 * Deepest nesting the scanner follows. A transcript line is one flat object;
 * the limit keeps a line of many thousand '[' from exhausting the stack of
 * this recursive reader.
 */
export const MAX_NESTING = 64;

/** Recursive-descent JSON reader that explains the first problem it meets. */
class Scanner {
  private pos = 0;
  private depth = 0;
  private readonly duplicates: DuplicateKey[] = [];
  /** Key whose value is being read, for messages ("after the value of ..."). */
  private currentKey: string | null = null;

  constructor(
    private readonly text: string,
    private readonly place: Place = COLUMN_IN_TEXT,
  ) {}

  run(): ScanResult {
    try {
      this.skipSpace();
      if (this.pos >= this.text.length) {
        this.fail(this.pos, 'the line is empty', 'one JSON object', null, HINT_ONE_OBJECT);
      }
      this.value();
      this.skipSpace();
      if (this.pos < this.text.length) {
        const rest = this.text.slice(this.pos, this.pos + 20);
        this.fail(
          this.pos,
          `unexpected text after the end of the object: ${describeChar(this.text, this.pos)}`,
          'nothing after the closing }',
          rest,
          'Print exactly one JSON object per line and nothing else on that line (debug text goes to stderr).',
        );
      }
      return { problem: null, duplicates: this.duplicates };
    } catch (error) {
      if (error instanceof ScanError) return { problem: error.problem, duplicates: this.duplicates };
      throw error;
    }
  }

  private fail(offset: number, message: string, expected: string | null, seen: string | null, hint: string): never {
    throw new ScanError({ offset, message, expected, seen, hint });
  }

  private skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.pos++;
      else break;
    }
  }

  private afterWhat(): string {
    return this.currentKey === null ? '' : ` after "${this.currentKey}":`;
  }

  private value(): void {
    this.skipSpace();
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (this.depth === MAX_NESTING) {
        this.fail(this.pos, `more than ${MAX_NESTING} nested objects or arrays`, 'one flat JSON object', describeChar(t, this.pos), HINT_ONE_OBJECT);
      }
      this.depth++;
      if (c === OPEN_BRACE) this.object();
      else this.array();
      this.depth--;
      return;
    }
    if (c === QUOTE) {
      this.string('value');
      return;
    }
    if (c === 45 || (c >= 48 && c <= 57)) return this.number();
    for (const literal of ['true', 'false', 'null']) {
      if (t.startsWith(literal, this.pos)) {
        this.pos += literal.length;
        return;
      }
    }
    const seen = describeChar(t, this.pos);
    let hint = 'A value is a number like 101, a string in double quotes like "X", or null.';
    if (c === 39) hint = 'JSON strings use double quotes ("X"), not single quotes.';
    else if (WORD_HINTS[seen]) hint = WORD_HINTS[seen]!;
    else if (/^[A-Za-z]/.test(seen)) hint = `Strings need double quotes: "${seen}".`;
    else if (c === 46 || c === 43) hint = 'Numbers start with a digit or a minus sign: write 0.5, not .5 or +5.';
    this.fail(this.pos, `expected a value${this.afterWhat()} found ${seen}`, 'a number, a "string", true, false or null', seen, hint);
  }

  private object(): void {
    const t = this.text;
    const open = this.pos;
    this.pos++; // {
    const keys = new Map<string, { offset: number; value: string }>();
    const outerKey = this.currentKey;
    this.skipSpace();
    if (t.charCodeAt(this.pos) === CLOSE_BRACE) {
      this.pos++;
      return;
    }
    let afterComma = false;
    for (;;) {
      this.skipSpace();
      if (t.charCodeAt(this.pos) !== QUOTE) {
        const seen = describeChar(t, this.pos);
        if (this.pos >= t.length) {
          this.fail(this.pos, `the line ends before the object that opens at ${this.place(open)} is closed`, "a key in double quotes or '}'", seen,
            'Close every { with a } on the same line.');
        }
        if (afterComma && t.charCodeAt(this.pos) === CLOSE_BRACE) {
          this.fail(this.pos, "expected a key after ',', found '}'", 'a key in double quotes', seen, 'Remove the comma after the last value: JSON allows no trailing comma.');
        }
        this.fail(this.pos, `expected a key in double quotes, found ${seen}`, 'a key in double quotes, like "peer_id"', seen,
          t.charCodeAt(this.pos) === 39 ? 'JSON keys use double quotes, not single quotes.' : 'Every key is a string in double quotes: "peer_id".');
      }
      const keyOffset = this.pos;
      const key = this.string('key');
      this.skipSpace();
      if (t.charCodeAt(this.pos) !== COLON) {
        this.fail(this.pos, `expected ':' after the key "${key}", found ${describeChar(t, this.pos)}`, "':'", describeChar(t, this.pos),
          `Write a colon between a key and its value: "${key}":value.`);
      }
      this.pos++;
      this.currentKey = key;
      this.skipSpace();
      const valueStart = this.pos;
      this.value();
      const valueText = t.slice(valueStart, this.pos);
      const first = keys.get(key);
      if (first) {
        this.duplicates.push({ key, firstOffset: first.offset, offset: keyOffset, firstValue: first.value, value: valueText });
      } else {
        keys.set(key, { offset: keyOffset, value: valueText });
      }
      this.skipSpace();
      const c = t.charCodeAt(this.pos);
      if (c === CLOSE_BRACE) {
        this.pos++;
        this.currentKey = outerKey;
        return;
      }
      if (c !== 44) {
        const seen = describeChar(t, this.pos);
        if (this.pos >= t.length) {
          this.fail(this.pos, `the line ends after the value of "${key}" before the object is closed`, "',' or '}'", seen,
            'Close every { with a } on the same line.');
        }
        this.fail(this.pos, `expected ',' or '}' after the value of "${key}", found ${seen}`, "',' or '}'", seen,
          'Separate the key-value pairs with commas: {"peer_id":1,"action":"sent",...}.');
      }
      this.pos++;
      afterComma = true;
    }
  }

  private array(): void {
    const t = this.text;
    this.pos++; // [
    this.skipSpace();
    if (t.charCodeAt(this.pos) === CLOSE_BRACKET) {
      this.pos++;
      return;
    }
    for (;;) {
      this.value();
      this.skipSpace();
      const c = t.charCodeAt(this.pos);
      if (c === CLOSE_BRACKET) {
        this.pos++;
        return;
      }
      if (c !== 44) {
        this.fail(this.pos, `expected ',' or ']' in an array, found ${describeChar(t, this.pos)}`, "',' or ']'", describeChar(t, this.pos), HINT_ONE_OBJECT);
      }
      this.pos++;
    }
  }

  /** Reads a string token and returns its decoded text. */
  private string(role: 'key' | 'value'): string {
    const t = this.text;
    const start = this.pos;
    this.pos++; // opening quote
    let out = '';
    let chunkStart = this.pos;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === QUOTE) {
        out += t.slice(chunkStart, this.pos);
        this.pos++;
        return out;
      }
      if (c < 32) {
        const where = role === 'key' ? 'a key' : this.currentKey === null ? 'a string' : `the string value of "${this.currentKey}"`;
        this.fail(this.pos, `raw control character ${describeChar(t, this.pos)} inside ${where}`, 'printable characters, or an escape like \\u0000', describeChar(t, this.pos),
          c === 0
            ? 'A raw NUL byte is what printing an empty char (C %c, Go %c of 0) produces; print null when there is no value.'
            : 'JSON strings cannot hold raw control characters: escape them (\\n, \\t, \\u001b) or leave them out.');
      }
      if (c === BACKSLASH) {
        out += t.slice(chunkStart, this.pos);
        const e = t[this.pos + 1];
        if (e === 'u') {
          const hex = t.slice(this.pos + 2, this.pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            this.fail(this.pos, 'invalid \\u escape (expected four hex digits)', '\\u followed by four hex digits', t.slice(this.pos, this.pos + 6), 'Write \\u0041 for A, or just the character.');
          }
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          out += JSON.parse(`"\\${e}"`) as string;
          this.pos += 2;
        } else {
          this.fail(this.pos, `invalid escape '\\${e ?? ''}' in a string`, 'one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX', `\\${e ?? ''}`, 'Only these escapes exist in JSON: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX.');
        }
        chunkStart = this.pos;
        continue;
      }
      this.pos++;
    }
    this.fail(start, `the string that starts at ${this.place(start)} is not closed before the end of the line`, 'a closing "', t.slice(start, start + 20),
      'Close every string with a double quote on the same line.');
  }

  private number(): void {
    const t = this.text;
    const m = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(t.slice(this.pos, this.pos + 64));
    const wide = /^[-+0-9.eE]+/.exec(t.slice(this.pos, this.pos + 64))?.[0] ?? t[this.pos] ?? '';
    if (!m || m[0].length !== wide.length) {
      this.fail(this.pos, `invalid number ${wide}${this.afterWhat() ? ` (${this.afterWhat().trim()})` : ''}`, 'a number like 101', wide,
        'JSON numbers have no leading zeros, no trailing dot and no plus sign: 101, 0, 1.5.');
    }
    this.pos += m[0].length;
  }
}
