// Majority and proposal-number arithmetic, table-driven.
import t from 'tap';
import { isMajority, majority } from '../peer/core/quorum.js';
import { assertPeerId, MAX_ROUND, proposalNumber, splitProposal } from '../peer/core/proposal-number.js';

t.test('majority of N is floor(N/2) + 1', async (t) => {
  const table: [members: number, needed: number][] = [
    [1, 1], [2, 2], [3, 2], [4, 3], [5, 3], [6, 4], [7, 4], [99, 50],
  ];
  for (const [members, needed] of table) {
    t.equal(majority(members), needed, `majority(${members})`);
    t.ok(isMajority(needed, members), `${needed} of ${members} is a majority`);
    t.notOk(isMajority(needed - 1, members), `${needed - 1} of ${members} is not`);
  }
});

t.test('a quorum of nobody, or of a fraction, is an error', async (t) => {
  for (const bad of [0, -1, 2.5, NaN]) t.throws(() => majority(bad), RangeError, `majority(${bad})`);
});

t.test('proposal numbers are round * 100 + peer id, and split back', async (t) => {
  const table: [round: number, peerId: number, n: number][] = [
    [1, 1, 101], [1, 5, 105], [2, 1, 201], [3, 99, 399], [12, 7, 1207],
  ];
  for (const [round, peerId, n] of table) {
    t.equal(proposalNumber(round, peerId), n, `proposalNumber(${round}, ${peerId})`);
    t.same(splitProposal(n), { round, peerId }, `splitProposal(${n})`);
  }
  t.same(splitProposal(0), { round: 0, peerId: 0 }, '0 means nothing accepted');
});

t.test('numbers of a higher round beat every number of a lower round', async (t) => {
  t.ok(proposalNumber(2, 1) > proposalNumber(1, 99));
});

t.test('peer ids run from 1 to 99; rounds from 1 to MAX_ROUND', async (t) => {
  for (const bad of [0, 100, 1.5, -3]) t.throws(() => assertPeerId(bad), RangeError, `peer id ${bad}`);
  for (const bad of [0, -1, 1.5, MAX_ROUND + 1]) t.throws(() => proposalNumber(bad, 1), RangeError, `round ${bad}`);
  t.ok(Number.isSafeInteger(proposalNumber(MAX_ROUND, 99)));
  for (const bad of [-1, 1.5, Number.MAX_SAFE_INTEGER + 2]) t.throws(() => splitProposal(bad), RangeError, `n ${bad}`);
});
