// stdout carries transcript lines only. In a pipe or a file, process.stdout
// writes asynchronously, so exiting must wait for the last write to land.

import type { Writable } from 'node:stream';
import type { TranscriptLine } from './core/types.js';

export class TranscriptWriter {
  private lastWrite: Promise<void> = Promise.resolve();

  constructor(private readonly stream: Writable) {
    // A reader that went away (EPIPE) must not crash the peer.
    stream.on('error', () => {});
  }

  print(line: TranscriptLine): void {
    const text = JSON.stringify(line) + '\n';
    this.lastWrite = new Promise((resolve) => {
      this.stream.write(text, () => resolve());
    });
  }

  /** Resolves once everything printed so far has been handed to the OS. */
  flushed(): Promise<void> {
    return this.lastWrite;
  }
}
