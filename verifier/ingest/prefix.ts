// One physical line of `docker compose up` / `logs` output: the container
// prefix (`peer1-1  | `, `peer1_1  | `, `peer1  | `, with a project in front,
// coloured or not), an optional `-t` timestamp, and the payload the peer
// printed; or one of Compose's own lines (Attaching to, exited with code N).

export type InputForm =
  | 'compose-v2-prefix'
  | 'compose-v1-prefix'
  | 'container-name-prefix'
  | 'project-prefix'
  | 'ansi-colour'
  | 'timestamps'
  | 'crlf'
  | 'bom'
  | 'compose-meta-lines'
  | 'no-prefix'
  | 'per-peer-file'
  | 'multi-line-objects'
  | 'split-16k-lines'
  | 'non-json-noise';

export type PhysicalLine =
  | { kind: 'content'; container: string | null; payload: string; ansi: boolean; timestamp: boolean }
  | { kind: 'meta'; container: string | null; exitCode: number | null; ansi: boolean };

const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]/g;
const LEADING_ANSI = /^(?:\x1b\[[0-?]*[ -/]*[@-~])+/;
const CONTAINER = /^([A-Za-z0-9][A-Za-z0-9_.-]*)[ \t]+$/;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d) /;
const EXITED = /^([A-Za-z0-9][A-Za-z0-9_.-]*) exited with code (\d+)\s*$/;
const COMPOSE_CHATTER =
  /^(?:Attaching to |Creating |Starting |Recreating |Stopping |Removing |Killing |Pulling |Building |Aborting on container exit|Gracefully stopping|Network |Container |Volume |\[\+\] |\s*[✔✘⠿⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] |WARNING: |WARN\[|time=")/;

export function classifyLine(line: string): PhysicalLine {
  const bar = line.indexOf('|');
  if (bar > 0) {
    // Colour codes sit around the prefix only: look for ESC in the head, and just after the bar.
    const headAnsi = line.lastIndexOf('\x1b', bar) >= 0;
    const name = headAnsi ? CONTAINER.exec(line.slice(0, bar).replace(ANSI, ''))?.[1] : plainContainer(line, bar);
    if (name !== undefined) {
      let start = bar + 1;
      if (line.charCodeAt(start) === 32) start++;
      let payload: string;
      let ansi = headAnsi;
      if (line.charCodeAt(start) === 27 || line.charCodeAt(bar + 1) === 27) {
        ansi = true;
        payload = line.slice(bar + 1).replace(LEADING_ANSI, '');
        if (payload.charCodeAt(0) === 32) payload = payload.slice(1);
        payload = payload.replace(LEADING_ANSI, '');
      } else {
        payload = line.slice(start);
      }
      const stamp = timestampLength(payload);
      return { kind: 'content', container: name, payload: stamp > 0 ? payload.slice(stamp) : payload, ansi, timestamp: stamp > 0 };
    }
  }
  // `docker logs -t peer3 > peer3.log` and `docker compose logs -t --no-log-prefix`:
  // a timestamp with no container prefix before it.
  const stamp = timestampLength(line);
  if (stamp > 0) return { kind: 'content', container: null, payload: line.slice(stamp), ansi: false, timestamp: true };
  const ansi = line.includes('\x1b');
  const plain = ansi ? line.replace(ANSI, '') : line;
  // Compose v1 resets the colour of its last exit line at the start of the next line.
  if (ansi && plain.trim() === '') return { kind: 'meta', container: null, exitCode: null, ansi };
  const exited = EXITED.exec(plain);
  if (exited) return { kind: 'meta', container: exited[1]!, exitCode: Number(exited[2]), ansi };
  if (COMPOSE_CHATTER.test(plain)) return { kind: 'meta', container: null, exitCode: null, ansi };
  return { kind: 'content', container: null, payload: line, ansi: false, timestamp: false };
}

/**
 * Length of a leading Docker `-t` timestamp and its space, else 0. Only a full
 * RFC 3339 date-time qualifies, so a JSON line (which starts with '{') or a
 * bare number is never taken for one; the digit test keeps other lines cheap.
 */
function timestampLength(text: string): number {
  const c = text.charCodeAt(0);
  if (c < 48 || c > 57) return 0;
  return TIMESTAMP.exec(text)?.[0].length ?? 0;
}

/** CONTAINER without a regex or a slice of the head, for the common uncoloured line. */
function plainContainer(line: string, bar: number): string | undefined {
  let end = bar;
  while (end > 0 && (line.charCodeAt(end - 1) === 32 || line.charCodeAt(end - 1) === 9)) end--;
  if (end === bar || end === 0) return undefined;
  const first = line.charCodeAt(0);
  if (!isAlnum(first)) return undefined;
  for (let i = 1; i < end; i++) {
    const c = line.charCodeAt(i);
    if (!isAlnum(c) && c !== 95 && c !== 46 && c !== 45) return undefined;
  }
  return line.slice(0, end);
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Which prefix form a container name shows, given the host it resolved to. */
export function prefixForms(container: string, host: string): InputForm[] {
  const forms: InputForm[] = [];
  const replica = /[-_](\d+)$/.exec(container);
  let base = container;
  if (container !== host && replica) {
    forms.push(container[replica.index] === '-' ? 'compose-v2-prefix' : 'compose-v1-prefix');
    base = container.slice(0, replica.index);
  } else {
    forms.push('container-name-prefix');
  }
  if (base !== host) forms.push('project-prefix');
  return forms;
}
