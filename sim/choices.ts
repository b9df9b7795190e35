// Every nondeterministic decision of a simulated run (a message's latency, a
// drop, a back-off, which message goes next) is one call to `choose(n)`.
// A run is therefore fully described by its seed and the list of values
// returned: record the list to replay the run, edit it to shrink the run.
// Value 0 always means the plainest outcome (no fault, shortest delay), so a
// shrunk schedule tends toward a fault-free run.

/** mulberry32: a small, fast 32-bit PRNG; the same seed gives the same stream on every machine. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A step the untimed scheduler may take: `id` names it across schedules, `peer` is the peer it runs on. */
export interface StepOption {
  id: string;
  peer: number;
}

export interface ChoiceSource {
  /** An integer in [0, n). */
  choose(n: number): number;
  /** Untimed scheduling: the index of the step to take next. Optional: without it, `choose(options.length)`. */
  pick?(options: readonly StepOption[]): number;
  /** The values returned so far, in order. */
  readonly made: number[];
}

/** Choices drawn from the seeded PRNG, each one recorded. */
export class SeededChoices implements ChoiceSource {
  readonly made: number[] = [];
  private readonly next: () => number;

  constructor(readonly seed: number) {
    this.next = mulberry32(seed);
  }

  choose(n: number): number {
    const value = n <= 1 ? 0 : Math.floor(this.next() * n);
    this.made.push(value);
    return value;
  }
}

/**
 * Choices replayed from a recorded list. A value out of range for this call
 * is taken modulo n, and past the end of the list every choice is 0, so any
 * edited list (a shrinking step) still describes a valid run.
 */
export class ReplayedChoices implements ChoiceSource {
  readonly made: number[] = [];
  private position = 0;

  constructor(private readonly recorded: readonly number[]) {}

  choose(n: number): number {
    const recorded = this.recorded[this.position++] ?? 0;
    const value = n <= 1 ? 0 : recorded % n;
    this.made.push(value);
    return value;
  }

  /** True when the run asked for more choices than were recorded. */
  get ranPastEnd(): boolean {
    return this.position > this.recorded.length;
  }
}

/** True with probability `rate`; a recorded 0 always means "no". */
export function chance(source: ChoiceSource, rate: number): boolean {
  if (rate <= 0) return false;
  const SCALE = 1_000_000;
  return source.choose(SCALE) >= Math.round((1 - rate) * SCALE);
}

/** Uniform integer in [min, max]. */
export function between(source: ChoiceSource, min: number, max: number): number {
  return max <= min ? min : min + source.choose(max - min + 1);
}
