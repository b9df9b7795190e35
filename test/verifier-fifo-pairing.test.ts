// Identical replies are paired oldest first, as one TCP connection delivers
// them. Over simulated runs of a proposer that never adopts, a witness that
// sees the real messages (with their destinations) says which accepts broke
// slide 45 step 4; the verifier, from the transcript alone, must report
// exactly those as adopt-value, and nothing else as adopt-value.

import t from 'tap';
import type { CoreInput, CoreOutput } from '../peer/core/types.js';
import type { CoreFactory } from '../sim/core-like.js';
import { verifyRun } from '../sim/explore.js';
import { reliableFaults } from '../sim/faults.js';
import { findMutant } from '../sim/mutants/index.js';
import { racingSettings, runSeed, transcriptOf } from './sim-helpers.js';
import { verify } from '../verifier/index.js';

interface Deviation {
  proposer: number;
  n: number;
  sent: string;
  required: string;
}

/**
 * Wraps a proposer's core and works out, from the messages it really sent and
 * received, the value each round's accept had to carry: the core pairs a
 * reply with the oldest request still owed by that acceptor, and so does this.
 */
function witnessed(factory: CoreFactory, deviations: Deviation[]): CoreFactory {
  return (config, restored) => {
    const core = factory(config, restored);
    if (config.roles.proposerOf === null) return core;
    const owed = new Map<number, number[]>();
    const rounds = new Map<number, { own: string; replies: { n: number; value: string | null }[]; accepted: boolean }>();
    return {
      status: () => core.status(),
      step(input: CoreInput): CoreOutput {
        if (input.kind === 'receive' && input.message.message_type === 'prepare_ack') {
          const round = rounds.get(owed.get(input.message.peer_id)?.shift() ?? -1);
          if (round && !round.accepted) round.replies.push({ n: input.message.proposal_num, value: input.message.message_value });
        }
        if (input.kind === 'disconnected') owed.set(input.peerId, []);
        const out = core.step(input);
        for (const { to, message } of out.send) {
          const n = message.proposal_num;
          if (message.message_type === 'prepare') {
            owed.set(to, [...(owed.get(to) ?? []), n]);
            if (!rounds.has(n)) rounds.set(n, { own: message.message_value!, replies: [], accepted: false });
          } else if (message.message_type === 'accept' && rounds.get(n)?.accepted === false) {
            const round = rounds.get(n)!;
            round.accepted = true;
            const best = round.replies.filter((r) => r.value !== null).sort((a, b) => b.n - a.n)[0];
            const required = best ? best.value! : round.own;
            if (message.message_value !== required) deviations.push({ proposer: config.selfId, n, sent: message.message_value!, required });
          }
        }
        return out;
      },
    };
  };
}

const SEEDS = 300;

t.test(`no-adoption mutant, ${SEEDS} reliable seeds: adopt-value is reported exactly when the proposer deviated`, async (t) => {
  const mutant = findMutant('no-adoption')!;
  let deviated = 0;
  const missed: string[] = [];
  const falseAlarms: string[] = [];
  for (let seed = 1; seed <= SEEDS; seed++) {
    const deviations: Deviation[] = [];
    const settings = { ...racingSettings(reliableFaults()), coreFactory: witnessed(mutant.makeCore, deviations) };
    const report = await verifyRun(runSeed(settings, seed), { scenario: 'any-schedule', hostsfilePath: null });
    const flagged = new Set(report.findings.filter((f) => f.ruleId === 'proposer/adopt-value' && f.severity === 'error').map((f) => f.peer));
    if (deviations.length > 0) deviated++;
    for (const d of deviations) {
      if (!flagged.has(`peer${d.proposer}`)) missed.push(`seed ${seed}: peer${d.proposer} accept(${d.n}, ${d.sent}) where ${d.required} was required`);
    }
    for (const peer of flagged) {
      if (!deviations.some((d) => `peer${d.proposer}` === peer)) falseAlarms.push(`seed ${seed}: ${peer}`);
    }
  }
  t.same(missed, [], 'every deviation reported');
  t.same(falseAlarms, [], 'no adopt-value finding for a proposer that did adopt');
  t.ok(deviated > SEEDS / 10, `the mutant deviated in ${deviated} runs: the check is not vacuous`);
});

t.test('seed 40: both identical prepare_acks (105, Y) of peer4 arrived; the second answers round 201, so Y was required', async (t) => {
  const mutant = findMutant('no-adoption')!;
  const settings = { ...racingSettings(reliableFaults()), coreFactory: mutant.makeCore };
  const lines = transcriptOf(runSeed(settings, 40)).split('\n');
  // Cut before the proposer's own chose: agreement cannot catch it then, adopt-value must.
  const cut = lines.findIndex((l) => l.startsWith('peer1 ') && l.includes('"chose"'));
  t.ok(cut > 0, 'peer1 chose');
  const report = await verify([{ text: lines.slice(0, cut).join('\n') + '\n' }], { scenario: 'any-schedule' });
  t.ok(report.findings.some((f) => f.ruleId === 'proposer/adopt-value' && f.peer === 'peer1' && /accept\(201, X\)/.test(f.message)), 'adopt-value at accept(201, X)');
});
