// Acceptor state on stable storage (slide 45's note), so a restarted acceptor
// keeps its promises. Written atomically: temp file, fsync, rename, fsync dir.

import fs from 'node:fs';
import path from 'node:path';
import { assertAcceptorState } from './core/acceptor.js';
import type { AcceptorState } from './core/types.js';

export class StateFileError extends Error {
  override name = 'StateFileError';
}

export class AcceptorStateFile {
  readonly file: string;

  constructor(
    private readonly dir: string,
    selfId: number,
  ) {
    this.file = path.join(dir, `acceptor-${selfId}.json`);
  }

  /** The saved state, or null when there is none yet. */
  load(): AcceptorState | null {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StateFileError(`cannot read ${this.file}: ${(error as Error).message}`);
    }
    try {
      const parsed = JSON.parse(text) as AcceptorState;
      const state = {
        minProposal: parsed.minProposal,
        acceptedProposal: parsed.acceptedProposal,
        acceptedValue: parsed.acceptedValue,
      };
      assertAcceptorState(state);
      return state;
    } catch (error) {
      throw new StateFileError(`${this.file} is not a valid acceptor state: ${(error as Error).message}`);
    }
  }

  /** Synchronous on purpose: the reply must not leave before the state is on disk. */
  save(state: AcceptorState): void {
    fs.mkdirSync(this.dir, { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    const fd = fs.openSync(temp, 'w');
    try {
      fs.writeSync(fd, JSON.stringify(state) + '\n');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, this.file);
    const dirFd = fs.openSync(this.dir, 'r');
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
  }
}
