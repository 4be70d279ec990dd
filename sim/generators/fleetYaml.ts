const hex = (n: number) => n.toString(16).padStart(2, "0");
/** The n-th generated radio's MAC and address (n ≥ 1): 00:90:33:02:hh:ll on 127.0.(2 + n/256).(n%256), or `net`. */
export const radioMac = (n: number): string => `00:90:33:02:${hex(n >> 8)}:${hex(n & 0xff)}`;
export const radioIp = (n: number, net = "127.0"): string => `${net}.${2 + (n >> 8)}.${n & 0xff}`;

/** A comment as `# ` lines (none when there is no comment). */
export const commentLines = (comment: string | undefined): string[] =>
  comment === undefined ? [] : comment.split("\n").map((l) => `# ${l}`);

/** A list section, one item per line (JSON is YAML): a 2000-radio file stays readable. */
export const listLines = (key: string, items: readonly unknown[]): string[] => [
  `${key}:`,
  ...items.map((d) => `  - ${JSON.stringify(d)}`),
];

/** The `faults:` section, or nothing when there are no faults. */
export const faultLines = (faults: readonly Record<string, unknown>[] | undefined): string[] =>
  faults === undefined || faults.length === 0 ? [] : listLines("faults", faults);

/** The text of a fleet file: its lines, each ended by a newline. */
export const fleetText = (lines: readonly string[]): string => lines.join("\n") + "\n";

/** A file of examples/: its first line points editors at the fleet file's JSON Schema (schema/fleet.schema.json). */
export const exampleFile = (text: string): string =>
  "# yaml-language-server: $schema=../schema/fleet.schema.json\n" + text;
