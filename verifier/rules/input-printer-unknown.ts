import { TC1_RUN, log } from './examples.js';
import type { Rule } from './types.js';

/** The run as `--no-log-prefix` prints it: no container prefixes. */
function unprefixed(specs: readonly string[]): string {
  return log(specs).replace(/^peer\d+ {2}\| /gm, '');
}

// Reported by the pipeline (verifier/pipeline.ts) when ingest has inferred
// printers and some lines are still without one: the rule holds what the
// finding says, and its examples.
const rule: Rule = {
  meta: {
    id: 'input/printer-unknown',
    category: 'pairing',
    severity: 'error',
    docs:
      'Every line must be known to come from one peer: by its Compose prefix, by a peer named in its file name (peer3.log, peer5-stdout.log), ' +
      'or, for lines with neither, from what they say (peer_id is the printer on sent and chose lines; a received request belongs to the acceptor ' +
      'whose reply follows it, a received reply to the proposer that reply answered). A line none of this places is left out of the check and ' +
      'reported here, once per input, rather than given to a guessed peer; the run cannot pass with lines left out.',
    messages: {
      file: 'could not tell which peer printed the {count} unprefixed transcript line(s) of {file}: no peer in its name, and no sent or chose line among them (whose peer_id is the printer); left out of the check',
      line: 'could not tell which peer printed that it received {message} from peer{sender}: {why}; left out of the check',
    },
    hint: 'Keep Compose\'s prefixes (drop --no-log-prefix), or save each peer\'s output in a file named after it (docker logs peer3 > peer3.log).',
  },
  create() {
    return {};
  },
  examples: {
    valid: [
      { name: 'prefixed', log: log(TC1_RUN) },
      { name: 'no prefixes: every printer inferred', log: unprefixed(TC1_RUN) },
    ],
    invalid: [
      { name: 'only received lines, no prefix', log: unprefixed(TC1_RUN.filter((spec) => spec.includes('received'))) },
      { name: 'no prefix, a receive no peer sent and no reply after it', log: unprefixed([...TC1_RUN, '3 received accept Y 105 from 5']) },
    ],
  },
};

export default rule;
