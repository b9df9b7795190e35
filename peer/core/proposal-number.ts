// Proposal numbers are `round * 100 + peerId`: unique per proposer (the id is
// in the last two digits) and ordered by round first. Peer 1's first is 101,
// peer 5's is 105, peer 1's second is 201.

export const MAX_PEER_ID = 99;
const ID_SPACE = 100;
/** Keeps every proposal number an exact JavaScript integer. */
export const MAX_ROUND = Math.floor(Number.MAX_SAFE_INTEGER / ID_SPACE) - 1;
/** The highest number the encoding produces; anything above came from a broken or hostile peer. */
export const MAX_PROPOSAL = MAX_ROUND * ID_SPACE + MAX_PEER_ID;

/** True for 0 ("nothing accepted") and every number up to MAX_PROPOSAL. */
export function isProposalNumber(n: unknown): n is number {
  return Number.isSafeInteger(n) && (n as number) >= 0 && (n as number) <= MAX_PROPOSAL;
}

export function assertPeerId(peerId: number): void {
  if (!Number.isInteger(peerId) || peerId < 1 || peerId > MAX_PEER_ID) {
    throw new RangeError(`peer ids run from 1 to ${MAX_PEER_ID}, got ${peerId}`);
  }
}

export function proposalNumber(round: number, peerId: number): number {
  assertPeerId(peerId);
  if (!Number.isInteger(round) || round < 1 || round > MAX_ROUND) {
    throw new RangeError(`rounds run from 1 to ${MAX_ROUND}, got ${round}`);
  }
  return round * ID_SPACE + peerId;
}

/** Splits n into (round, peerId); 0, "nothing accepted", is round 0 of peer 0. */
export function splitProposal(n: number): { round: number; peerId: number } {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`a proposal number is a non-negative integer, got ${n}`);
  }
  return { round: Math.floor(n / ID_SPACE), peerId: n % ID_SPACE };
}
