/** Base64 of a string or bytes, as KMS members carry plaintexts and messages. */
export const b64 = (s: string | Buffer) => Buffer.from(s).toString("base64");

/** The bytes of a base64 member (empty when absent). */
export const bytes = (s: string | undefined) => Buffer.from(s ?? "", "base64");
