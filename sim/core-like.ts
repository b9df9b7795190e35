// What the simulator needs from a peer's core: the real PaxosCore satisfies
// it as is, and each mutant in mutants/ wraps the real core behind it.

import { PaxosCore, type CoreStatus } from '../peer/core/paxos-core.js';
import type { AcceptorState, CoreConfig, CoreInput, CoreOutput } from '../peer/core/types.js';

export interface CoreLike {
  step(input: CoreInput): CoreOutput;
  status(): CoreStatus;
}

/** Builds the core of one peer; `restored` is the acceptor state kept across a restart. */
export type CoreFactory = (config: CoreConfig, restored: AcceptorState | undefined) => CoreLike;

export const realCore: CoreFactory = (config, restored) => new PaxosCore(config, restored);
