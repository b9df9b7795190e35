/* Generated from schemas/transcript-line.lenient.schema.json by scripts/gen-types.mjs. Do not edit: edit the schema and run npm run gen:types. */

/**
 * What the lenient profile accepts before it normalises a line to the strict form, reporting each variant as a warning: spaces or hyphens for underscores in message types ("prepare ack"), "chosen" for "chose", decimal proposal numbers written round.id (1.5 or "1.5"), numeric strings for ids, an empty string for "no value", and peer_id meaning the printing peer (detected per run, not per line).
 */
export type LenientTranscriptLine = {
  peer_id: number | string;
  action: "sent" | "received" | "chose" | "chosen";
  message_type:
    | "prepare"
    | "prepare_ack"
    | "accept"
    | "accept_ack"
    | "chose"
    | "prepare ack"
    | "accept ack"
    | "prepare-ack"
    | "accept-ack"
    | "chosen";
  message_value: string | "" | null;
  proposal_num: number | string;
};
