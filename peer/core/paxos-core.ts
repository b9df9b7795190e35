// The pure Paxos core: one input in, what the edge must do out (persist, print,
// send, schedule). A peer may hold a proposer role and acceptor roles at once;
// messages to itself go out in `send` like any other and come back as `receive`.

import { assertAcceptorState, initialAcceptorState, onAccept, onPrepare } from './acceptor.js';
import { messageLine } from './lines.js';
import { assertPeerId, isProposalNumber } from './proposal-number.js';
import { Proposer, type ProposerStatus } from './proposer.js';
import type { AcceptorState, CoreConfig, CoreInput, CoreOutput, WireMessage } from './types.js';

export interface CoreStatus {
  acceptor: AcceptorState;
  /** Null when this peer holds no proposer role. */
  proposer: ProposerStatus | null;
  /** Proposers this peer accepts for that have not sent it anything yet. */
  proposersNotHeardFrom: number[];
}

export function emptyOutput(): CoreOutput {
  return { persist: null, print: [], send: [], retryAfter: null, chose: null, warnings: [] };
}

export class PaxosCore {
  private acceptorState: AcceptorState;
  private readonly proposer: Proposer | null;
  private readonly served: ReadonlySet<number>;
  private readonly heardFrom = new Set<number>();

  constructor(
    private readonly config: CoreConfig,
    restored?: AcceptorState,
  ) {
    assertPeerId(config.selfId);
    config.acceptorIds.forEach(assertPeerId);
    config.proposerIdsServed.forEach(assertPeerId);
    this.acceptorState = restored ? { ...restored } : initialAcceptorState();
    assertAcceptorState(this.acceptorState);
    this.proposer = config.roles.proposerOf === null ? null : new Proposer(config.selfId, config.acceptorIds);
    this.served = new Set(config.proposerIdsServed);
  }

  status(): CoreStatus {
    return {
      acceptor: { ...this.acceptorState },
      proposer: this.proposer?.status() ?? null,
      proposersNotHeardFrom: [...this.served].filter((id) => !this.heardFrom.has(id)),
    };
  }

  step(input: CoreInput): CoreOutput {
    const out = emptyOutput();
    switch (input.kind) {
      case 'propose':
        if (!this.proposer) throw new Error(`peer ${this.config.selfId} holds no proposer role`);
        this.proposer.propose(input.value, out);
        break;
      case 'retry':
        if (!this.proposer) throw new Error(`peer ${this.config.selfId} holds no proposer role`);
        this.proposer.retry(input.round, out);
        break;
      case 'disconnected':
        this.proposer?.onDisconnected(input.peerId, out);
        break;
      case 'receive':
        out.print.push(messageLine('received', input.message));
        this.receive(input.message, out);
        break;
    }
    return out;
  }

  private receive(message: WireMessage, out: CoreOutput): void {
    const from = message.peer_id;
    switch (message.message_type) {
      case 'prepare':
      case 'accept':
        if (!this.served.has(from)) {
          out.warnings.push(`ignored ${message.message_type} from peer ${from}: this peer is not one of its acceptors`);
          return;
        }
        this.heardFrom.add(from);
        this.answerAsAcceptor(message, out);
        return;
      case 'prepare_ack':
      case 'accept_ack':
        if (!this.proposer?.isAcceptor(from)) {
          out.warnings.push(`ignored ${message.message_type} from peer ${from}: it is not one of this peer's acceptors`);
          return;
        }
        if (message.message_type === 'prepare_ack') this.proposer.onPrepareAck(message, out);
        else this.proposer.onAcceptAck(message, out);
        return;
    }
  }

  /** Steps 3 and 6. */
  private answerAsAcceptor(request: WireMessage, out: CoreOutput): void {
    const n = request.proposal_num;
    if (!isProposalNumber(n) || n < 1 || request.message_value === null) {
      out.warnings.push(`ignored ${request.message_type} from peer ${request.peer_id}: it needs a proposal number n >= 1 and a value`);
      return;
    }
    const result =
      request.message_type === 'prepare'
        ? onPrepare(this.acceptorState, n)
        : onAccept(this.acceptorState, n, request.message_value);
    this.acceptorState = result.state;
    if (result.changed) out.persist = { ...result.state };
    const reply: WireMessage = {
      peer_id: this.config.selfId,
      message_type: request.message_type === 'prepare' ? 'prepare_ack' : 'accept_ack',
      ...result.reply,
    };
    out.print.push(messageLine('sent', reply));
    out.send.push({ to: request.peer_id, message: reply });
  }
}
