// Runs a command with the soft limit on open files raised to the hard limit (`ulimit -n`), as a shell can and Node
// cannot: a Master registering 4000 SIP users holds a socket per user (App. H footnote 1), 8000 descriptors over TCP
// (docs/user-guide.md "File descriptors"), above the usual soft limit of 1024.
import { spawnSync } from "node:child_process";

/** spawnSync(command, args) under `sh`, with `ulimit -n` at the hard limit (left as it is if that fails). */
export function withFiles(command, args, options) {
  const raise = 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"';
  return spawnSync("/bin/sh", ["-c", raise, "sh", command, ...args], options);
}
