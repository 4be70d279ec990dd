import { DecodeError } from "../core/errors.js";
import { UsersCode } from "./errors.js";

/** A feature code is at most this long (the dial string a handset can send is short). */
const MAX_CODE = 32;

/**
 * A feature code of §4.6.18 as a matcher of dialled strings: `$` stands for the digits the user keys in, `$#` for
 * digits ended by `#`, `$(N)` for exactly N digits; everything else must be dialled as written. The digits the
 * placeholder took are returned (the AC in `#11*$#`, §3.15.1); undefined when the string is not this feature.
 */
export function compileFeatureCode(code: string, field = "feature code"): (dialled: string) => string | undefined {
  if (code.length === 0 || code.length > MAX_CODE || !/^[0-9*#$()]+$/.test(code))
    throw new DecodeError(
      UsersCode.FeatureCode,
      `not a feature code: ${JSON.stringify(code)} (digits, * # and one $)`,
      {
        field,
      },
    );
  const m = /^([0-9*#]*)\$(#|\((\d{1,2})\))?([0-9*#]*)$/.exec(code);
  if (m === null)
    throw new DecodeError(UsersCode.FeatureCode, `${code}: one placeholder $, $# or $(N) expected`, { field });
  const [, before, how, n, after] = m;
  const digits = n === undefined ? "\\d*" : `\\d{${n}}`;
  const tail = how === "#" ? `#${after}` : after;
  const re = new RegExp(`^${escape(before!)}(${digits})${escape(tail!)}$`);
  return (dialled) => re.exec(dialled)?.[1];
}

const escape = (s: string) => s.replace(/[*#]/g, (c) => `\\${c}`);

/** §3.14.1.2 self-assignment: `*<Master id>*<extension>*<AC>#`, or without AC `<Master id>*<extension>`. */
export function parseSelfAssign(dialled: string): { masterId: number; number: string; ac?: string } | undefined {
  const withAc = /^\*(\d{1,3})\*(\d{1,30})\*(\d{1,8})#$/.exec(dialled);
  if (withAc !== null) return { masterId: Number(withAc[1]), number: withAc[2]!, ac: withAc[3]! };
  const bare = /^(\d{1,3})\*(\d{1,30})$/.exec(dialled);
  return bare === null ? undefined : { masterId: Number(bare[1]), number: bare[2]! };
}
