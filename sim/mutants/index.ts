// The mutant catalogue: one deliberate mistake each, the kind students make,
// and the verifier category that mistake is about. Every mutant runs the real
// core (see split-core.ts) and changes it only from outside; printed lines
// always show what was really sent and received, as a student's peer would.

import { choseLine, messageLine } from '../../peer/core/lines.js';
import type { AcceptorState, CoreConfig, CoreInput, CoreOutput, TranscriptLine, WireMessage } from '../../peer/core/types.js';
import type { Category } from '../../verifier/types.js';
import type { CoreFactory } from '../core-like.js';
import type { FaultSettings } from '../faults.js';
import type { SimSettings } from '../simulation.js';
import { proposerOnly, SplitCore } from './split-core.js';

export interface Mutant {
  name: string;
  /** The mistake, in a student's terms. */
  description: string;
  /**
   * The category of the rule that sees this very mistake. A failing run
   * often breaks agreement too, but that alone would not show the verifier
   * can tell the mistake apart: a kill needs a finding of this category.
   */
  caughtAs: Category;
  makeCore: CoreFactory;
  /** A restarted acceptor loses its state whatever --no-persist says. */
  forgetsOnRestart?: boolean;
  /** Faults the mistake needs to show at all (applied over the explorer's settings). */
  needs?: Partial<FaultSettings>;
}

/** Rewrites the printed `received` line back to the message as it arrived. */
function restoreReceived(out: CoreOutput, original: WireMessage): CoreOutput {
  const index = out.print.findIndex((line) => line.action === 'received');
  if (index >= 0) out.print[index] = { ...out.print[index]!, peer_id: original.peer_id, message_value: original.message_value, proposal_num: original.proposal_num };
  return out;
}

function wireMessageOf(line: TranscriptLine): WireMessage {
  return {
    peer_id: line.peer_id,
    message_type: line.message_type as WireMessage['message_type'],
    message_value: line.message_value,
    proposal_num: line.proposal_num,
  };
}

type Receive = Extract<CoreInput, { kind: 'receive' }>;

/** The input if it delivers a reply (of `type`, when given), else null. */
function replyIn(input: CoreInput, type?: 'prepare_ack' | 'accept_ack'): Receive | null {
  if (input.kind !== 'receive') return null;
  const t = input.message.message_type;
  return (type ? t === type : t === 'prepare_ack' || t === 'accept_ack') ? input : null;
}

/** A proposer-side mutant: sees each input before the real proposer does, and its output after. */
class ProposerMutant extends SplitCore {
  constructor(
    config: CoreConfig,
    restored: AcceptorState | undefined,
    private readonly bend: {
      input?: (core: ProposerMutant, input: CoreInput) => CoreInput;
      output?: (core: ProposerMutant, input: CoreInput, out: CoreOutput) => CoreOutput;
    },
    proposerConfig?: CoreConfig,
  ) {
    super(config, restored, proposerConfig);
  }

  override step(input: CoreInput): CoreOutput {
    if (!this.proposer || (input.kind === 'receive' && !replyIn(input))) return super.step(input);
    const bent = this.bend.input ? this.bend.input(this, input) : input;
    let out = super.step(bent);
    if (bent !== input && input.kind === 'receive') out = restoreReceived(out, input.message);
    return this.bend.output ? this.bend.output(this, input, out) : out;
  }
}

/** An acceptor-side mutant: may restart the acceptor role from another state before a request, and rewrite the reply. */
class AcceptorMutant extends SplitCore {
  /** The accepted (proposal, value) before the latest accept. */
  previousAccepted: { proposal: number; value: string | null } = { proposal: 0, value: null };

  constructor(
    config: CoreConfig,
    restored: AcceptorState | undefined,
    private readonly bend: {
      before?: (core: AcceptorMutant, request: WireMessage) => void;
      reply?: (core: AcceptorMutant, reply: WireMessage) => WireMessage;
    },
  ) {
    super(config, restored);
  }

  override step(input: CoreInput): CoreOutput {
    if (!this.acceptor || input.kind !== 'receive' || replyIn(input)) return super.step(input);
    this.bend.before?.(this, input.message);
    const before = this.acceptor.status().acceptor;
    const out = super.step(input);
    const after = this.acceptor.status().acceptor;
    if (after.acceptedProposal !== before.acceptedProposal) {
      this.previousAccepted = { proposal: before.acceptedProposal, value: before.acceptedValue };
    }
    if (!this.bend.reply) return out;
    const rewrite = (message: WireMessage): WireMessage => this.bend.reply!(this, message);
    out.send = out.send.map((send) => ({ ...send, message: rewrite(send.message) }));
    out.print = out.print.map((line) => (line.action === 'sent' ? messageLine('sent', rewrite(wireMessageOf(line))) : line));
    return out;
  }
}

/** Stands for "any acceptor" in the quorum-one mutant's proposer. */
const ANY_ACCEPTOR = 99;

export const MUTANTS: readonly Mutant[] = [
  {
    name: 'quorum-one',
    description: 'the proposer takes 1 reply for a majority: it sends accept after the first prepare_ack and chooses after the first accept_ack',
    caughtAs: 'quorum-prepare',
    makeCore: (config, restored) =>
      new ProposerMutant(
        config,
        restored,
        {
          // Every acceptor's reply counts as the single acceptor's; lost links are not noticed.
          input: (_core, input) => {
            const reply = replyIn(input);
            if (reply) return { kind: 'receive', message: { ...reply.message, peer_id: ANY_ACCEPTOR } };
            return input.kind === 'disconnected' ? { kind: 'disconnected', peerId: ANY_ACCEPTOR + 1 } : input;
          },
          // What the real core sends to its single acceptor goes to every acceptor, one sent line each.
          output: (_core, _input, out) => {
            out.send = out.send.flatMap((send) => config.acceptorIds.map((to) => ({ to, message: send.message })));
            out.print = out.print.flatMap((line) => (line.action === 'sent' ? config.acceptorIds.map(() => line) : [line]));
            return out;
          },
        },
        { ...proposerOnly(config), acceptorIds: [ANY_ACCEPTOR] },
      ),
  },
  {
    name: 'no-adoption',
    description: "the proposer keeps its own value even when a prepare_ack reports an accepted one (step 4's replacement skipped)",
    caughtAs: 'adopt-value',
    makeCore: (config, restored) =>
      new ProposerMutant(config, restored, {
        input: (_core, input) => {
          const reply = replyIn(input, 'prepare_ack');
          return reply ? { kind: 'receive', message: { ...reply.message, proposal_num: 0, message_value: null } } : input;
        },
      }),
  },
  {
    name: 'accept-below-promise',
    description: 'the acceptor accepts any accept(n, value), ignoring the higher n it promised (step 6 without the n >= minProposal test)',
    caughtAs: 'accept-below-promise',
    makeCore: (config, restored) =>
      new AcceptorMutant(config, restored, {
        before: (core, request) => {
          const state = core.acceptor!.status().acceptor;
          if (request.message_type === 'accept' && request.proposal_num < state.minProposal && request.proposal_num >= 1) {
            core.restartAcceptor({ minProposal: request.proposal_num, acceptedProposal: 0, acceptedValue: null });
          }
        },
      }),
  },
  {
    name: 'forgetful',
    description: 'the acceptor keeps its promises in memory only: after a restart it has forgotten minProposal and what it accepted',
    // It breaks a promise after the restart; forgetting what it accepted shows as prepare-ack-report instead, in other schedules.
    caughtAs: 'accept-below-promise',
    makeCore: (config, restored) => new SplitCore(config, restored),
    forgetsOnRestart: true,
    needs: { randomCrash: true },
  },
  {
    name: 'colliding-numbers',
    description: 'proposal numbers are round*100 without the peer id, so both proposers use 100, 200, ... and their numbers collide',
    caughtAs: 'proposal-unique',
    makeCore: (config, restored) => {
      const selfId = config.selfId;
      return new ProposerMutant(config, restored, {
        // A reply naming our (colliding) number means our own proposal to the real core.
        input: (core, input) => {
          const reply = replyIn(input);
          const own = core.proposer!.status().proposer!.proposal;
          return reply && own > 0 && reply.message.proposal_num === own - selfId
            ? { kind: 'receive', message: { ...reply.message, proposal_num: own } }
            : input;
        },
        output: (_core, _input, out) => {
          const ownNumber = (type: string, from: number) => from === selfId && (type === 'prepare' || type === 'accept' || type === 'chose');
          const strip = <T extends { message_type: string; proposal_num: number; peer_id: number }>(m: T): T =>
            ownNumber(m.message_type, m.peer_id) ? { ...m, proposal_num: m.proposal_num - selfId } : m;
          out.send = out.send.map((send) => ({ ...send, message: strip(send.message) }));
          out.print = out.print.map((line) => (line.action === 'received' ? line : strip(line)));
          return out;
        },
      });
    },
  },
  {
    name: 'chose-without-quorum',
    description: 'the proposer prints chose as soon as one acceptor accepts, without waiting for a majority of accept_acks',
    caughtAs: 'quorum-accept',
    makeCore: (config, restored) => {
      let decided = false;
      return new ProposerMutant(config, restored, {
        output: (core, input, out) => {
          if (decided) {
            // It believes it is done: no second chose, no further rounds.
            out.print = out.print.filter((line) => line.action !== 'chose');
            out.chose = null;
            out.retryAfter = null;
            return out;
          }
          const status = core.proposer!.status().proposer!;
          const ack = replyIn(input, 'accept_ack');
          if (ack && status.phase === 'accepting' && ack.message.proposal_num === status.proposal) {
            decided = true;
            out.print.push(choseLine(config.selfId, status.value!, status.proposal));
            out.chose = { value: status.value!, proposal: status.proposal };
          }
          if (out.chose) decided = true;
          return out;
        },
      });
    },
  },
  {
    name: 'stale-prepare-ack',
    description: 'the acceptor answers prepare with the proposal and value it accepted before its latest accept (a stale copy)',
    caughtAs: 'prepare-ack-report',
    makeCore: (config, restored) =>
      new AcceptorMutant(config, restored, {
        reply: (core, reply) =>
          reply.message_type === 'prepare_ack'
            ? { ...reply, proposal_num: core.previousAccepted.proposal, message_value: core.previousAccepted.value }
            : reply,
      }),
  },
];

export function findMutant(name: string): Mutant | undefined {
  return MUTANTS.find((mutant) => mutant.name === name);
}

/** `base` with the mutant's core, and the faults it needs turned on. */
export function withMutant(base: SimSettings, mutant: Mutant): SimSettings {
  return {
    ...base,
    coreFactory: mutant.makeCore,
    forgetOnRestart: mutant.forgetsOnRestart ?? false,
    faults: { ...base.faults, ...mutant.needs },
  };
}
