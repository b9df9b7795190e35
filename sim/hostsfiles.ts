// The handed-out hostsfiles (compose/handout/), read once: the simulator's
// defaults and the scenarios use them as they are.

import fs from 'node:fs';
import { parseHostsfile, type HostEntry } from '../peer/hostsfile.js';

const HANDOUT = new URL('../../compose/handout/', import.meta.url);

export const HANDOUT_HOSTSFILES = {
  tc1: 'compose/handout/hostsfile-testcase1.txt',
  tc2: 'compose/handout/hostsfile-testcase2.txt',
} as const;

export type HandoutTestcase = keyof typeof HANDOUT_HOSTSFILES;

const cache = new Map<HandoutTestcase, { text: string; hosts: HostEntry[] }>();

export function handoutHostsfile(testcase: HandoutTestcase): { text: string; hosts: HostEntry[] } {
  let entry = cache.get(testcase);
  if (!entry) {
    const text = fs.readFileSync(new URL(`hostsfile-test${testcase === 'tc1' ? 'case1' : 'case2'}.txt`, HANDOUT), 'utf8');
    entry = { text, hosts: parseHostsfile(text) };
    cache.set(testcase, entry);
  }
  return entry;
}
