// Each scenario is a fixed schedule, not a lucky one: the latencies that
// matter are scripted, every other message takes BASE_MS, and the seed (used
// only for back-off) is fixed. All run on testcase 2's hostsfile: peer1 is
// proposer 1 (value X), peer5 proposer 2 (value Y), peers 2-4 accept for both.

import type { WireMessage } from '../../peer/core/types.js';
import { handoutHostsfile, type HandoutTestcase } from '../hostsfiles.js';
import { defaultSettings, type ScriptedLatency, type SimSettings } from '../simulation.js';

export interface SimScenario {
  name: string;
  /** One line for --list. */
  summary: string;
  testcase: HandoutTestcase;
  seed: number;
  /** Applied over the defaults. */
  settings: Partial<SimSettings>;
}

const BASE_MS = 5;
/** Long enough for the other proposer to finish a whole round meanwhile. */
const HELD_MS = 300;

const is = (message: WireMessage, from: number, type: WireMessage['message_type'], n?: number): boolean =>
  message.peer_id === from && message.message_type === type && (n === undefined || message.proposal_num === n);

function latency(rule: (send: Parameters<ScriptedLatency>[0]) => number | undefined): ScriptedLatency {
  return (send) => rule(send) ?? BASE_MS;
}

export const SCENARIOS: readonly SimScenario[] = [
  {
    name: 'slide46-case1',
    summary: 'previous value already chosen: peer1 gets X chosen, then peer5 prepares, finds X and uses it (testcase 2)',
    testcase: 'tc2',
    seed: 1,
    settings: { delaySeconds: 1, scriptedLatency: latency(() => undefined) },
  },
  {
    name: 'slide46-case2',
    summary: "previous value not chosen but seen: only peer3 has accepted X when peer5's prepare arrives; peer5 adopts X, X is chosen",
    testcase: 'tc2',
    seed: 1,
    settings: {
      delaySeconds: 0.05,
      scriptedLatency: latency(({ message, to }) => {
        // peer1's accept reaches peer3 only; peers 2 and 4 get it after peer5's round.
        if (is(message, 1, 'accept', 101) && to !== 3) return HELD_MS;
        // peer5 hears peer3 (which holds X) first, then peer2: that is its majority.
        if (is(message, 3, 'prepare_ack') && to === 5) return BASE_MS;
        if (is(message, 2, 'prepare_ack') && to === 5) return 2 * BASE_MS;
        if (is(message, 4, 'prepare_ack') && to === 5) return 4 * BASE_MS;
        return undefined;
      }),
    },
  },
  {
    name: 'slide46-case3',
    summary:
      "previous value not chosen and not seen: peer5's prepare overtakes peer1's accepts; Y is chosen, peer1 is rejected, retries higher and ends with Y",
    testcase: 'tc2',
    seed: 1,
    settings: {
      delaySeconds: 0.05,
      scriptedLatency: latency(({ message }) => (is(message, 1, 'accept', 101) ? HELD_MS : undefined)),
    },
  },
  {
    name: 'duel-no-backoff',
    summary: 'duelling proposers retrying at once: each prepare lands between the other\'s prepare and accept, forever (livelock, cut by --max-steps)',
    testcase: 'tc2',
    seed: 1,
    settings: { delaySeconds: 0.06, backoff: 'none', maxSteps: 400, scriptedLatency: duelLatency() },
  },
  {
    name: 'duel-backoff',
    summary: 'the same duel with the randomised back-off of slide 26: one proposer waits long enough for the other to finish',
    testcase: 'tc2',
    // A seed whose back-offs let the duel run a few rounds before one proposer waits long enough.
    seed: 8,
    settings: { delaySeconds: 0.06, backoff: 'random', maxSteps: 400, scriptedLatency: duelLatency() },
  },
];

/** Accepts are slow (100 ms), everything else 10 ms: a retrying proposer's prepare always overtakes the rival's accept. */
function duelLatency(): ScriptedLatency {
  return ({ message }) => (message.message_type === 'accept' ? 100 : 10);
}

export function findScenario(name: string): SimScenario | undefined {
  return SCENARIOS.find((scenario) => scenario.name === name);
}

export function scenarioSettings(scenario: SimScenario): SimSettings {
  return { ...defaultSettings(handoutHostsfile(scenario.testcase).hosts), ...scenario.settings };
}
