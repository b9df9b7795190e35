// docs/verifier.md lists every rule as the code defines it: the block between
// the markers is exactly what `paxos-verify --list-rules` prints.

import t from 'tap';
import '../verifier/index.js';
import { allRules, ruleTable } from '../verifier/rules/table.js';
import { readRepoFile } from './verifier-helpers.js';

t.test('the rule catalogue in docs/verifier.md is up to date', async (t) => {
  const doc = readRepoFile('docs/verifier.md');
  const block = /<!-- rule-table:start -->\n([\s\S]*?)<!-- rule-table:end -->/.exec(doc)?.[1];
  t.ok(block, 'the markers are there');
  t.equal(block, ruleTable(), 'regenerate with: node dist/verifier/cli.js --list-rules');
  for (const rule of allRules()) t.match(doc, `\`${rule.meta.id}\``, `${rule.meta.id} is documented`);
});

t.test('the doc names every exit code and format the CLI has', async (t) => {
  const doc = readRepoFile('docs/verifier.md');
  for (const word of ['**0**', '**1**', '**2**', '--scenario', '--hostsfile', '--profile', '--format', '--max-findings', '--list-rules', 'npm run bench:verify']) {
    t.match(doc, word, word);
  }
});
