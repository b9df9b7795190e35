import { VARIANT_NAMES, type VariantId } from '../parse/normalise.js';
import { TC1_RUN, at, log, replaced } from './examples.js';
import { MULTI_LINE_TC1 } from './syntax-one-line.js';
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'lenient/variant',
    category: 'variant',
    severity: 'warning',
    docs:
      'Under --profile lenient the verifier reads the variants students commonly print (design section 3): "prepare ack" with a space, ' +
      '"chosen", proposal numbers written round.peer (1.5, compared as (round, peer) pairs), numbers in quotes, "" for no value, objects spread over ' +
      'several lines. Each variant is named once per run, with the number of lines that use it; it does not fail the run.',
    messages: { variant: 'accepted a variant: {name}' },
    hint: 'The strict profile (the default, and what the handout\'s format asks for) rejects this; print the strict form to be safe.',
  },
  create(context) {
    const report = (variant: VariantId, file: string, line: number, peer: number | null): void => {
      context.report({
        messageId: 'variant',
        data: { name: VARIANT_NAMES[variant] },
        at: { file, line },
        peer,
        expected: 'the strict form',
        seen: variant,
        mergeKey: variant,
      });
    };
    return {
      record(record) {
        if (context.profile !== 'lenient') return;
        if (record.segments && record.segments.length > 1) report('multi-line-object', record.file, record.line, record.printer);
        for (const variant of record.message?.variants ?? []) report(variant, record.file, record.line, record.printer);
      },
    };
  },
  examples: {
    valid: [{ name: 'strict lines under lenient', profile: 'lenient', log: log(TC1_RUN) }],
    invalid: [
      { name: '"prepare ack"', profile: 'lenient', log: log(replaced(TC1_RUN, at(TC1_RUN, '2 sent prepare_ack - 0'), 'peer2  | {"peer_id":2,"action":"sent","message_type":"prepare ack","message_value":null,"proposal_num":0}')) },
      { name: 'four-line objects', profile: 'lenient', log: MULTI_LINE_TC1.join('\n') + '\n' },
      { name: 'numeric string', profile: 'lenient', log: log(replaced(TC1_RUN, 0, 'peer1  | {"peer_id":"1","action":"sent","message_type":"prepare","message_value":"X","proposal_num":101}')) },
    ],
  },
};

export default rule;
