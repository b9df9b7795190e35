// The rules every run is checked with, in the order their findings are
// documented. Scenario expectations (scenario-*.ts) are listed by each
// scenario in scenarios/, not here.

import acceptorAcceptAckReport from './acceptor-accept-ack-report.js';
import acceptorAcceptBelowPromise from './acceptor-accept-below-promise.js';
import acceptorPrepareAckReport from './acceptor-prepare-ack-report.js';
import acceptorReplyWithoutRequest from './acceptor-reply-without-request.js';
import inputExitCode from './input-exit-code.js';
import inputPrinterUnknown from './input-printer-unknown.js';
import lenientVariant from './lenient-variant.js';
import outputNoise from './output-noise.js';
import pairingCausalityCycle from './pairing-causality-cycle.js';
import pairingPeerIdConvention from './pairing-peer-id-convention.js';
import pairingReceivedWithoutSend from './pairing-received-without-send.js';
import pairingSentByPrinter from './pairing-sent-by-printer.js';
import pairingSentNotReceived from './pairing-sent-not-received.js';
import proposerAdoptValue from './proposer-adopt-value.js';
import proposerChoseByAcceptor from './proposer-chose-by-acceptor.js';
import proposerProposalUnique from './proposer-proposal-unique.js';
import proposerQuorumAccept from './proposer-quorum-accept.js';
import proposerQuorumPrepare from './proposer-quorum-prepare.js';
import roleAcceptorOnly from './role-acceptor-only.js';
import roleProposerOnly from './role-proposer-only.js';
import runAgreement from './run-agreement.js';
import runTermination from './run-termination.js';
import runValidity from './run-validity.js';
import schemaLineShape from './schema-line-shape.js';
import syntaxDuplicateKey from './syntax-duplicate-key.js';
import syntaxJson from './syntax-json.js';
import syntaxOneLine from './syntax-one-line.js';
import type { Rule } from './types.js';

export const CORE_RULES: readonly Rule[] = [
  syntaxJson,
  syntaxDuplicateKey,
  schemaLineShape,
  syntaxOneLine,
  outputNoise,
  lenientVariant,
  inputExitCode,
  inputPrinterUnknown,
  pairingReceivedWithoutSend,
  pairingCausalityCycle,
  pairingSentNotReceived,
  pairingSentByPrinter,
  pairingPeerIdConvention,
  acceptorPrepareAckReport,
  acceptorAcceptBelowPromise,
  acceptorAcceptAckReport,
  acceptorReplyWithoutRequest,
  proposerQuorumPrepare,
  proposerAdoptValue,
  proposerQuorumAccept,
  proposerProposalUnique,
  proposerChoseByAcceptor,
  roleProposerOnly,
  roleAcceptorOnly,
  runAgreement,
  runValidity,
  runTermination,
];

export type { Rule };
