// The simulator's scenarios (paxos-lab scenario NAME), registered on import:
// slide 46's three cases and the duelling proposers, all on testcase 2's
// configuration, plus `any-schedule` for runs whose order nobody scripted.

import agreedValue from '../rules/scenario-agreed-value.js';
import { livelock } from '../rules/scenario-livelock.js';
import { priorAcceptance } from '../rules/scenario-prior-acceptance.js';
import proposedValues from '../rules/scenario-proposed-values.js';
import { retryAfterRejection } from '../rules/scenario-retry-after-rejection.js';
import tc2Adoption from '../rules/scenario-tc2-adoption.js';
import tc2Order from '../rules/scenario-tc2-order.js';
import { registerScenario, type Scenario } from './registry.js';
import { TC2 } from './testcases.js';

const TC2_HOSTSFILE = TC2.hostsfile;
const TWO_PROPOSERS = { proposedValues: { 1: 'X', 5: 'Y' }, firstProposer: 1, secondProposer: 5, pivotAcceptor: 3 } as const;

export const SIMULATED_SCENARIOS: readonly Scenario[] = [
  {
    name: 'slide46-case1',
    summary: 'slide 46 case 1: X already chosen when peer5 prepares; peer5 finds X and uses it (testcase 2)',
    hostsfile: TC2_HOSTSFILE,
    params: { ...TWO_PROPOSERS, expectedValue: 'X' },
    expectations: [proposedValues, agreedValue, priorAcceptance('majority'), tc2Order, tc2Adoption],
  },
  {
    name: 'slide46-case2',
    summary: 'slide 46 case 2: X accepted by peer3 only when peer5 prepares; peer5 sees it, adopts X, and X is chosen',
    hostsfile: TC2_HOSTSFILE,
    params: { ...TWO_PROPOSERS, expectedValue: 'X' },
    expectations: [proposedValues, agreedValue, priorAcceptance('minority'), tc2Order, tc2Adoption],
  },
  {
    name: 'slide46-case3',
    summary: "slide 46 case 3: peer5's prepare reaches the acceptors before peer1's accept; Y is chosen, peer1 is rejected, retries higher, ends with Y",
    hostsfile: TC2_HOSTSFILE,
    params: { ...TWO_PROPOSERS, expectedValue: 'Y' },
    expectations: [proposedValues, agreedValue, priorAcceptance('none'), retryAfterRejection([1])],
  },
  {
    name: 'duel-no-backoff',
    summary: 'duelling proposers retrying at once: each preempts the other round after round and no value is ever chosen (livelock)',
    hostsfile: TC2_HOSTSFILE,
    params: { ...TWO_PROPOSERS, expectedValue: 'X' },
    expectations: [proposedValues, livelock([1, 5], 5)],
    // Not deciding is what this scenario shows; scenario/livelock checks it was a duel, not a stall.
    expectedFailures: ['run/termination'],
  },
  {
    name: 'duel-backoff',
    summary: 'duelling proposers with randomised back-off: both are rejected at least once, then the duel settles on one value',
    hostsfile: TC2_HOSTSFILE,
    params: { ...TWO_PROPOSERS, expectedValue: 'X' },
    expectations: [proposedValues, retryAfterRejection([1, 5])],
  },
  {
    name: 'any-schedule',
    summary: 'the Paxos rules only, no testcase expectations: for simulated runs under any order, loss or crash (paxos-lab explore)',
    hostsfile: TC2_HOSTSFILE,
    params: { proposedValues: {}, expectedValue: 'X' },
    expectations: [],
  },
];

for (const scenario of SIMULATED_SCENARIOS) registerScenario(scenario);
