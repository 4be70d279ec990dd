/** One sample of the Prometheus text exposition format. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const HELP = new RegExp(`^# HELP (${NAME}) .*$`);
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$`);
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;

/**
 * A strict reader of the text exposition format 0.0.4 (promtool is not in Debian bookworm): every line is empty, a
 * HELP, a TYPE before its samples, or a sample of a family that has a TYPE; anything else throws with the line.
 */
export function parseExposition(text: string): { samples: Sample[]; families: Map<string, string> } {
  const families = new Map<string, string>();
  const samples: Sample[] = [];
  const lines = text.split("\n");
  if (lines.pop() !== "") throw new Error("the exposition does not end with a newline");
  lines.forEach((line, i) => {
    const fail = (why: string) => new Error(`line ${i + 1}: ${why}: ${line}`);
    // The format ignores empty lines (prom-client puts one between families).
    if (line === "" || HELP.test(line)) return;
    const t = TYPE.exec(line);
    if (t !== null) {
      if (families.has(t[1]!)) throw fail("a second TYPE");
      families.set(t[1]!, t[2]!);
      return;
    }
    const s = SAMPLE.exec(line);
    if (s === null) throw fail("not a HELP, TYPE or sample line");
    if (!families.has(s[1]!)) throw fail("a sample before its TYPE");
    const labels: Record<string, string> = {};
    const body = s[2] ?? "";
    LABEL.lastIndex = 0;
    while (LABEL.lastIndex < body.length) {
      const m = LABEL.exec(body);
      if (m === null) throw fail("bad labels");
      labels[m[1]!] = m[2]!;
    }
    samples.push({ name: s[1]!, labels, value: Number(s[3]) });
  });
  return { samples, families };
}
