// The acceptor's two rules of slide 45 (steps 3 and 6) as pure functions over
// AcceptorState. The caller persists the new state before it sends the reply.

import { isProposalNumber, MAX_PROPOSAL } from './proposal-number.js';
import type { AcceptorState } from './types.js';

export function initialAcceptorState(): AcceptorState {
  return { minProposal: 0, acceptedProposal: 0, acceptedValue: null };
}

/** Throws if the state could not have come from slide 45's rules. */
export function assertAcceptorState(state: AcceptorState): void {
  const { minProposal, acceptedProposal, acceptedValue } = state;
  if (!isProposalNumber(minProposal)) {
    throw new Error(`acceptor invariant: minProposal ${minProposal} is not an integer from 0 to ${MAX_PROPOSAL}`);
  }
  if (!isProposalNumber(acceptedProposal)) {
    throw new Error(`acceptor invariant: acceptedProposal ${acceptedProposal} is not an integer from 0 to ${MAX_PROPOSAL}`);
  }
  if (acceptedProposal > minProposal) {
    throw new Error(`acceptor invariant: acceptedProposal ${acceptedProposal} > minProposal ${minProposal}`);
  }
  if ((acceptedProposal === 0) !== (acceptedValue === null)) {
    throw new Error(
      `acceptor invariant: acceptedProposal ${acceptedProposal} with acceptedValue ${JSON.stringify(acceptedValue)}`,
    );
  }
}

export interface AcceptorStep {
  state: AcceptorState;
  /** True when `state` differs from the input and must reach stable storage. */
  changed: boolean;
  /** The reply's proposal_num and message_value. */
  reply: { proposal_num: number; message_value: string | null };
}

/** Step 3: promise n only if n > minProposal; always Return(acceptedProposal, acceptedValue). */
export function onPrepare(state: AcceptorState, n: number): AcceptorStep {
  assertAcceptorState(state);
  const changed = n > state.minProposal;
  const next = changed ? { ...state, minProposal: n } : state;
  assertAcceptorState(next);
  return {
    state: next,
    changed,
    reply: { proposal_num: next.acceptedProposal, message_value: next.acceptedValue },
  };
}

/** Step 6: accept (n, value) only if n >= minProposal; always Return(minProposal). */
export function onAccept(state: AcceptorState, n: number, value: string): AcceptorStep {
  assertAcceptorState(state);
  let next = state;
  if (n >= state.minProposal) {
    next = { minProposal: n, acceptedProposal: n, acceptedValue: value };
  }
  assertAcceptorState(next);
  const changed =
    next.minProposal !== state.minProposal ||
    next.acceptedProposal !== state.acceptedProposal ||
    next.acceptedValue !== state.acceptedValue;
  // The reply's value is what the acceptor holds now: a rejected proposer sees what won.
  return { state: next, changed, reply: { proposal_num: next.minProposal, message_value: next.acceptedValue } };
}
