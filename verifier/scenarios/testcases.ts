// The lab's two testcases (handout, section 1), registered on import.

import agreedValue from '../rules/scenario-agreed-value.js';
import proposedValues from '../rules/scenario-proposed-values.js';
import silentPeers from '../rules/scenario-silent-peers.js';
import tc2Adoption from '../rules/scenario-tc2-adoption.js';
import tc2Order from '../rules/scenario-tc2-order.js';
import { registerScenario, type Scenario } from './registry.js';

export const TC1: Scenario = {
  name: 'tc1',
  summary: 'testcase 1: peer1 proposes X to acceptors 2-4 and X is chosen; peer5 (learner1) prints nothing',
  hostsfile: 'compose/testcase1/hostsfile-testcase1.txt',
  params: { proposedValues: { 1: 'X' }, expectedValue: 'X', firstProposer: 1 },
  expectations: [proposedValues, agreedValue, silentPeers],
};

export const TC2: Scenario = {
  name: 'tc2',
  summary: 'testcase 2: peer1 proposes X, peer5 proposes Y after peer3 accepted peer1\'s proposal, adopts X, and everyone agrees on X',
  hostsfile: 'compose/testcase2/hostsfile-testcase2.txt',
  params: { proposedValues: { 1: 'X', 5: 'Y' }, expectedValue: 'X', firstProposer: 1, secondProposer: 5, pivotAcceptor: 3 },
  expectations: [proposedValues, agreedValue, silentPeers, tc2Order, tc2Adoption],
  autoSignal: {
    describe: 'a prepare sent by peer5',
    test: (event) => event.action === 'sent' && event.type === 'prepare' && event.printer === 5,
  },
};

registerScenario(TC1);
registerScenario(TC2);
