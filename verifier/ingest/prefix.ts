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
  const ansi = line.includes('\x1b');
  const bar = line.indexOf('|');
  if (bar > 0) {
    const head = ansi ? line.slice(0, bar).replace(ANSI, '') : line.slice(0, bar);
    const container = CONTAINER.exec(head);
    if (container) {
      let payload = line.slice(bar + 1);
      if (ansi) payload = payload.replace(LEADING_ANSI, '');
      if (payload.charCodeAt(0) === 32) payload = payload.slice(1);
      if (ansi) payload = payload.replace(LEADING_ANSI, '');
      let timestamp = false;
      const c = payload.charCodeAt(0);
      if (c >= 48 && c <= 57) {
        const stamp = TIMESTAMP.exec(payload);
        if (stamp) {
          payload = payload.slice(stamp[0].length);
          timestamp = true;
        }
      }
      return { kind: 'content', container: container[1]!, payload, ansi, timestamp };
    }
  }
  const plain = ansi ? line.replace(ANSI, '') : line;
  // Compose v1 resets the colour of its last exit line at the start of the next line.
  if (ansi && plain.trim() === '') return { kind: 'meta', container: null, exitCode: null, ansi };
  const exited = EXITED.exec(plain);
  if (exited) return { kind: 'meta', container: exited[1]!, exitCode: Number(exited[2]), ansi };
  if (COMPOSE_CHATTER.test(plain)) return { kind: 'meta', container: null, exitCode: null, ansi };
  return { kind: 'content', container: null, payload: line, ansi: false, timestamp: false };
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
