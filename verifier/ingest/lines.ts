// Bytes to physical lines. Splits on LF only (a lone CR stays in the line, so
// line numbers agree with `sed -n Np`), drops one CR before the LF, strips a
// BOM at the very start, and hands lines over in batches, one per chunk read.

import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** Longer physical lines are cut (and counted as one line each piece). */
export const MAX_LINE_CHARS = 1 << 20;

export interface LineBatch {
  lines: string[];
  /** How many of these lines ended in CRLF. */
  crlf: number;
  /** True when a BOM was removed from the first line of the input. */
  bom: boolean;
}

export type ByteSource = AsyncIterable<Buffer | Uint8Array | string>;

export async function* splitLines(source: ByteSource): AsyncGenerator<LineBatch> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let atStart = true;
  for await (const chunk of source) {
    let text = carry + (typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    let bom = false;
    if (atStart && text.length > 0) {
      atStart = false;
      if (text.charCodeAt(0) === 0xfeff) {
        bom = true;
        text = text.slice(1);
      }
    }
    const batch = cut(text, false);
    carry = batch.carry;
    if (batch.lines.length > 0 || bom) yield { lines: batch.lines, crlf: batch.crlf, bom };
  }
  let rest = carry + decoder.end();
  const bom = atStart && rest.charCodeAt(0) === 0xfeff;
  if (bom) rest = rest.slice(1);
  if (rest !== '' || bom) {
    const batch = cut(rest, true);
    yield { lines: batch.lines, crlf: batch.crlf, bom };
  }
}

function cut(text: string, final: boolean): { lines: string[]; crlf: number; carry: string } {
  const lines: string[] = [];
  let crlf = 0;
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) break;
    let end = nl;
    if (end > start && text.charCodeAt(end - 1) === 13) {
      end--;
      crlf++;
    }
    pushCapped(lines, text.slice(start, end));
    start = nl + 1;
  }
  let carry = text.slice(start);
  if (final && carry !== '') {
    if (carry.charCodeAt(carry.length - 1) === 13) carry = carry.slice(0, -1);
    pushCapped(lines, carry);
    carry = '';
  } else if (carry.length > MAX_LINE_CHARS) {
    pushCapped(lines, carry);
    carry = '';
  }
  return { lines, crlf, carry };
}

function pushCapped(lines: string[], line: string): void {
  if (line.length <= MAX_LINE_CHARS) {
    lines.push(line);
    return;
  }
  for (let i = 0; i < line.length; i += MAX_LINE_CHARS) lines.push(line.slice(i, i + MAX_LINE_CHARS));
}

export function fileSource(path: string): ByteSource {
  return createReadStream(path, { highWaterMark: 1 << 16 });
}
