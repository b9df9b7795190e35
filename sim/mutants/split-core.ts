// A peer's core seen as its two roles: the real PaxosCore once as proposer
// only and once as acceptor only, each input routed to the role it concerns.
// The same protocol code runs; a mutant then bends one role from outside,
// by rewriting what goes in and what comes out, or by restarting the
// acceptor role from a state of its choosing (the public `restored` argument).

import { emptyOutput, PaxosCore, type CoreStatus } from '../../peer/core/paxos-core.js';
import type { AcceptorState, CoreConfig, CoreInput, CoreOutput } from '../../peer/core/types.js';
import type { CoreLike } from '../core-like.js';

export class SplitCore implements CoreLike {
  proposer: PaxosCore | null;
  acceptor: PaxosCore | null;

  constructor(
    readonly config: CoreConfig,
    restored: AcceptorState | undefined,
    proposerConfig: CoreConfig = proposerOnly(config),
  ) {
    this.proposer = config.roles.proposerOf === null ? null : new PaxosCore(proposerConfig);
    this.acceptor = config.proposerIdsServed.length === 0 ? null : new PaxosCore(acceptorOnly(config), restored);
  }

  step(input: CoreInput): CoreOutput {
    const toAcceptor =
      input.kind === 'receive' && (input.message.message_type === 'prepare' || input.message.message_type === 'accept');
    const role = toAcceptor ? this.acceptor : this.proposer;
    if (!role) {
      // The real core prints what it received even when it has no use for it.
      return new PaxosCore(this.config).step(input);
    }
    return role.step(input);
  }

  status(): CoreStatus {
    const acceptorStatus = this.acceptor?.status();
    return {
      acceptor: acceptorStatus?.acceptor ?? { minProposal: 0, acceptedProposal: 0, acceptedValue: null },
      proposer: this.proposer?.status().proposer ?? null,
      proposersNotHeardFrom: acceptorStatus?.proposersNotHeardFrom ?? [],
    };
  }

  /** Replaces the acceptor role by one that starts from `state`. */
  restartAcceptor(state: AcceptorState): void {
    this.acceptor = new PaxosCore(acceptorOnly(this.config), state);
  }
}

export function proposerOnly(config: CoreConfig): CoreConfig {
  return { ...config, roles: { ...config.roles, acceptorOf: [] }, proposerIdsServed: [] };
}

function acceptorOnly(config: CoreConfig): CoreConfig {
  return { ...config, roles: { ...config.roles, proposerOf: null }, acceptorIds: [] };
}

export { emptyOutput };
