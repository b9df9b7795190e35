// Majority arithmetic in one place: every "from a majority" on slide 45 asks here.

/** Smallest number of members that forms a majority of `members`: floor(N/2) + 1. */
export function majority(members: number): number {
  if (!Number.isInteger(members) || members < 1) {
    throw new RangeError(`a quorum needs at least one member, got ${members}`);
  }
  return Math.floor(members / 2) + 1;
}

/** True once `votes` out of `members` form a majority. */
export function isMajority(votes: number, members: number): boolean {
  return votes >= majority(members);
}
