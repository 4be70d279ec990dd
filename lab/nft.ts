import { execFileSync } from "node:child_process";
import { IoError } from "../src/core/errors.js";
import { LabCode } from "./errors.js";

/**
 * The lab's network faults as real packet filtering (docs/user-guide.md "Labs: ipdect lab"): every device sends from
 * its own 127.x address, so nftables rules on the output hook that match source and destination addresses cut or thin
 * the path between two devices, as the sim's MemoryNetwork does between two hosts. One table per lab, rewritten whole
 * at each change and deleted by heal of everything and by `down`.
 */
export class LabNet {
  /** Blocked paths, both directions: "a b" with a < b. */
  readonly #blocked = new Set<string>();
  /** Loss per path "a b", which replaces the fleet-wide loss on that path (MemoryNetwork.setLink). */
  readonly #links = new Map<string, number>();
  #loss = 0;

  constructor(
    readonly table: string,
    /** Every address of the lab: the fleet-wide loss applies between them. */
    readonly addresses: readonly string[],
  ) {}

  partition(a: readonly string[], b: readonly string[]): void {
    for (const x of a) for (const y of b) this.#blocked.add(pair(x, y));
  }

  /** Restores the paths between the groups, or every path without groups. */
  heal(a?: readonly string[], b?: readonly string[]): void {
    if (a === undefined || b === undefined) return this.#blocked.clear();
    for (const x of a) for (const y of b) this.#blocked.delete(pair(x, y));
  }

  loss(value: number, link?: readonly [string, string]): void {
    if (link === undefined) this.#loss = value;
    else this.#links.set(pair(link[0], link[1]), value);
  }

  /** The nft script that makes the table say what this state says (an empty state: no table). */
  script(): string {
    const rules: string[] = [];
    const both = (key: string, tail: string) => {
      const [x, y] = key.split(" ") as [string, string];
      rules.push(`ip saddr ${x} ip daddr ${y} ${tail}`, `ip saddr ${y} ip daddr ${x} ${tail}`);
    };
    for (const key of [...this.#blocked].sort()) both(key, "drop");
    for (const [key, value] of this.#links) {
      if (value > 0) both(key, `numgen random mod 1000 < ${Math.round(value * 1000)} drop`);
      both(key, "accept");
    }
    if (this.#loss > 0 && this.addresses.length > 0) {
      const set = `{ ${this.addresses.join(", ")} }`;
      rules.push(`ip saddr ${set} ip daddr ${set} numgen random mod 1000 < ${Math.round(this.#loss * 1000)} drop`);
    }
    // Declaring the table first makes the delete succeed when it does not exist yet.
    const reset = `table inet ${this.table}\ndelete table inet ${this.table}\n`;
    if (rules.length === 0) return reset;
    const body = rules.map((r) => `    ${r}\n`).join("");
    return `${reset}table inet ${this.table} {\n  chain output {\n    type filter hook output priority 0; policy accept;\n${body}  }\n}\n`;
  }

  /** Loads the state into the kernel, atomically (one nft transaction). */
  apply(): void {
    nft(this.script());
  }
}

/** Removes a lab's table, if there is one (down). */
export function removeTable(table: string): void {
  nft(`table inet ${table}\ndelete table inet ${table}\n`);
}

const pair = (a: string, b: string): string => (a < b ? `${a} ${b}` : `${b} ${a}`);

function nft(script: string): void {
  try {
    execFileSync("nft", ["-f", "-"], { input: script, stdio: ["pipe", "ignore", "pipe"] });
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? (err as Error).message).trim();
    throw new IoError(LabCode.Nft, `nft refused the lab's rules (root needed): ${stderr}`, { cause: err });
  }
}
