import { ConfigCode } from "../core/config/configCodes.js";
import type { FieldReader } from "../core/config/FieldReader.js";
import { formatPath, type Path } from "../core/config/Locator.js";
import { DecodeError } from "../core/errors.js";
import { configUser, CONFIG_USER_KEYS, findDuplicate, labelOf, type ConfigUser } from "./configUser.js";
import type { ConfigSection } from "../role/configSection.js";
import { listOf, mappingOf } from "../core/config/schema.js";

/**
 * The `users` section (§3.14 users, configUser rules): the users of a Master's directory as a backup carries them
 * (App. C). Long Name, Number, IPEI and guid differ between them.
 */
function readUsers(r: FieldReader, value: unknown, path: Path): readonly ConfigUser[] {
  const users = r.list(value, path).map((item, i) => {
    const at = [...path, i];
    const o = r.mapping(item, at, CONFIG_USER_KEYS);
    try {
      return configUser(o);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      return r.fail([...at, e.context.field ?? ""], ConfigCode.User, e.reason, e);
    }
  });
  const dup = findDuplicate(users);
  if (dup !== undefined) {
    const { index, key, first } = dup;
    const line = r.lineOf([...path, first]);
    const other = `${formatPath([...path, first])}${line === undefined ? "" : ` (line ${line})`}`;
    r.fail(
      [...path, index, key],
      ConfigCode.UserDuplicate,
      `${labelOf(key)} ${users[index]![key]} is used twice, also in ${other}`,
    );
  }
  return users;
}

/**
 * The `users` section of the device configuration: the users of a Master's directory (§3.14, §4.10), as a backup
 * carries them (App. C user records, YAML `users:`): the initial users of a first start, and after an upload and reset
 * the users that replace the directory's (docs/user-guide.md "Users in the configuration (App. C)"). Absent: the
 * configuration says nothing about users; empty: a directory without users.
 */
export const USERS_SECTION: ConfigSection<"users", readonly ConfigUser[]> = {
  key: "users",
  schema: listOf(mappingOf(CONFIG_USER_KEYS)),
  read: (r, value, path, ctx) => {
    const users = readUsers(r, value, path);
    if (ctx.master === undefined)
      r.fail(path, ConfigCode.UsersNeedMaster, "users live in a Master's directory: add a master section (§4.10)");
    return users;
  },
  native: [],
};
