// Reads what the launcher needs from a Compose file: the services in order,
// each one's command (as arguments), hostname and log name. `image`,
// `networks` and the rest are Docker's business and are ignored.

import { isMap, isScalar, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { shellWords, ShellWordsError } from './shell-words.js';

export interface ComposeService {
  /** The key under `services:`. */
  name: string;
  /** The name Compose prints before each line: container_name, else `<service>-1`. */
  logName: string;
  /** The hostname the peer believes it has: `hostname:`, else the service name. */
  hostname: string;
  /** Aliases other services may use for it (service name, container_name). */
  aliases: string[];
  args: string[];
}

export class ComposeFileError extends Error {
  override name = 'ComposeFileError';
}

export function parseComposeFile(text: string): ComposeService[] {
  const document = parseDocument(text, { uniqueKeys: true });
  const problem = document.errors[0];
  // The first line of a YAML error says what and where ("... at line 1, column 10:").
  if (problem) throw new ComposeFileError(`not valid YAML: ${problem.message.split('\n')[0]!.replace(/:$/, '')}`);
  const services = isMap(document.contents) ? document.contents.get('services') : undefined;
  if (!isMap(services) || services.items.length === 0) {
    throw new ComposeFileError('no services: expected a "services:" mapping with at least one service');
  }
  return services.items.map((pair) => {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!name) throw new ComposeFileError('a service without a name');
    if (!isMap(pair.value)) throw new ComposeFileError(`service ${name}: expected a mapping of settings`);
    const settings = pair.value as YAMLMap;
    const containerName = stringSetting(settings, name, 'container_name');
    const hostname = stringSetting(settings, name, 'hostname') ?? name;
    return {
      name,
      logName: containerName ?? `${name}-1`,
      hostname,
      aliases: [...new Set([name, containerName ?? name])].filter((alias) => alias !== hostname),
      args: commandOf(settings, name),
    };
  });
}

function stringSetting(settings: YAMLMap, service: string, key: string): string | undefined {
  const node = settings.get(key, true);
  if (node === undefined || (isScalar(node) && node.value === null)) return undefined;
  if (!isScalar(node) || typeof node.value === 'object') {
    throw new ComposeFileError(`service ${service}: ${key} must be a string`);
  }
  return String(node.value);
}

function commandOf(settings: YAMLMap, service: string): string[] {
  const node = settings.get('command', true);
  if (node === undefined || (isScalar(node) && node.value === null)) return [];
  if (isScalar(node) && typeof node.value === 'string') {
    try {
      return shellWords(node.value);
    } catch (error) {
      if (error instanceof ShellWordsError) throw new ComposeFileError(`service ${service}: command: ${error.message}`);
      throw error;
    }
  }
  if (isSeq(node) && node.items.every((item) => isScalar(item) && typeof item.value !== 'object')) {
    return node.items.map((item) => String((item as { value: unknown }).value));
  }
  throw new ComposeFileError(`service ${service}: command must be a string or a list of strings`);
}
