/* Generated from schemas/transcript-line.schema.json by scripts/gen-types.mjs. Do not edit: edit the schema and run npm run gen:types. */

/**
 * One line a peer prints on stdout (strict profile): the message it sent or received, or the value it chose. peer_id is the SENDER of the message (on chose: the peer that chose).
 */
export type TranscriptLine = {
  /**
   * Id of the peer that sent the message (its line number in the hostsfile, from 1); on chose, the peer that chose.
   */
  peer_id: number;
  /**
   * What the printing peer did with the message.
   */
  action: "sent" | "received" | "chose";
  /**
   * Paxos message of slide 45, or chose on a chose line.
   */
  message_type: "prepare" | "prepare_ack" | "accept" | "accept_ack" | "chose";
  /**
   * A single printable character, or null where the message carries no value (a prepare_ack or accept_ack from an acceptor that has accepted nothing).
   */
  message_value: string | null;
  /**
   * Non-negative integer, at most 2^53-1 (9007199254740991): beyond that JSON readers cannot tell neighbouring numbers apart. prepare/accept: n. prepare_ack: acceptedProposal (0 if none). accept_ack: minProposal (> n means rejection). chose: the n the value was chosen under.
   */
  proposal_num: number;
};
