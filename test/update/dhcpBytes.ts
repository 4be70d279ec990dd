import { COOKIE_AT, FILE_AT, MAGIC_COOKIE, OPTIONS_AT, SNAME_AT } from "../../src/update/dhcpOptions.js";

/** A BOOTREPLY (RFC 2131 §2) with `options` after the magic cookie, and optionally sname and file fields' bytes. */
export function dhcpAnswer(options: readonly number[], fields: { sname?: number[]; file?: number[] } = {}): Uint8Array {
  const msg = new Uint8Array(OPTIONS_AT + options.length);
  msg.set([2, 1, 6, 0]); // op BOOTREPLY, Ethernet, hlen 6, hops 0
  msg.set([0x12, 0x34, 0x56, 0x78], 4); // xid
  msg.set([10, 213, 0, 77], 16); // yiaddr
  msg.set([0x02, 0x00, 0x5e, 0x10, 0x00, 0x01], 28); // chaddr
  if (fields.sname !== undefined) msg.set(fields.sname, SNAME_AT);
  if (fields.file !== undefined) msg.set(fields.file, FILE_AT);
  msg.set(MAGIC_COOKIE, COOKIE_AT);
  msg.set(options, OPTIONS_AT);
  return msg;
}

/** `text` as a string option's value bytes. */
export const ascii = (text: string): number[] => [...new TextEncoder().encode(text)];

/** Option `code` with `value`, length prefixed (RFC 2132 §2). */
export const opt = (code: number, value: readonly number[]): number[] => [code, value.length, ...value];
