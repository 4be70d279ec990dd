import { DecodeError } from "../errors.js";
import { USER_FIELD_MAX, type UserField } from "../../users/limits.js";
import { validateUser, type UserInput } from "../../users/User.js";
import { ConfigCode } from "./configCodes.js";
import type { FieldReader } from "./FieldReader.js";
import type { Path } from "./Locator.js";

const USER_KEYS = Object.keys(USER_FIELD_MAX) as UserField[];
/** §3.14: Long Name, Number and IPEI are unique throughout the system. */
const UNIQUE: readonly UserField[] = ["longName", "number", "ipei"];

/**
 * The `users:` list of a Master (YAML): the initial users of its directory, applied at a first start (an empty
 * directory). Each item has the §3.14 fields under their model names and obeys the directory's rules (validateUser);
 * Long Name, Number and IPEI differ between items. A Password or Auth. Code never appears in a message.
 */
export function readUsers(r: FieldReader, value: unknown, path: Path): readonly UserInput[] {
  const seen = new Map<string, number>();
  return r.list(value, path).map((item, i) => {
    const at: Path = [...path, i];
    const o = r.mapping(item, at, USER_KEYS);
    const input: Partial<Record<UserField, string>> = {};
    for (const key of USER_KEYS) {
      const v = r.get(o, [...at, key]);
      if (v === undefined) continue;
      if (typeof v !== "string") r.fail([...at, key], ConfigCode.User, 'must be a text: quote numbers ("1950")');
      input[key] = v;
    }
    try {
      validateUser({ ...input, authCode: input.authCode ?? "0" });
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      const field = (e.context.field ?? "longName") as UserField;
      r.fail([...at, field], ConfigCode.User, e.message.slice(e.message.indexOf(": ") + 2), e);
    }
    for (const key of UNIQUE) {
      const v = input[key];
      if (v === undefined) continue;
      const first = seen.get(`${key}=${v}`);
      if (first !== undefined)
        r.fail([...at, key], ConfigCode.UserDuplicate, `${v} is used twice, also in ${path.join(".")}[${first}]`);
      seen.set(`${key}=${v}`, i);
    }
    return input;
  });
}
