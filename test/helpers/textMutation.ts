/**
 * Small changes to a text for fuzzing parsers (fast-check): a character deleted, replaced or inserted, or the rest
 * cut off. Shared by the fuzz tests of text formats (command files, provisioning XML).
 */
import fc from "fast-check";

export interface Mutation {
  readonly kind: "delete" | "insert" | "replace" | "cut";
  readonly at: number;
  readonly text: string;
}

/** One change to a text: a character deleted, replaced or inserted, or the rest cut off. */
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), text: fc.constant("") }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.string({ unit: "binary", maxLength: 3 }) }),
  fc.record({
    kind: fc.constant("replace" as const),
    at: fc.nat(),
    text: fc.constantFrom(" ", "/", "#", ",", "0x", "\0", '"', "é", "\n", "<", ">", "&"),
  }),
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat(), text: fc.constant("") }),
);

export function mutate(text: string, changes: readonly Mutation[]): string {
  let out = text;
  for (const c of changes) {
    const at = out.length === 0 ? 0 : c.at % (out.length + 1);
    if (c.kind === "delete") out = out.slice(0, at) + out.slice(at + 1);
    else if (c.kind === "insert") out = out.slice(0, at) + c.text + out.slice(at);
    else if (c.kind === "replace") out = out.slice(0, at) + c.text + out.slice(at + 1);
    else out = out.slice(0, at);
  }
  return out;
}
