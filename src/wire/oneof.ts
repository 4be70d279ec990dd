import protobuf from "protobufjs/minimal.js";

/**
 * Cheaper accessors for protobuf oneofs (the Envelope's `body`), installed in protobufjs's util before the generated
 * code (src/wire/gen/ipdect.js) builds its accessors with them; codec.ts imports this file first.
 *
 * protobufjs's setter deletes every other member of the oneof (22 deletes for each decoded frame) and its getter scans
 * the message's keys; together they cost more than the rest of decoding a small frame (docs/performance.md "Device
 * links"). These remember the member set last through the accessor, so a set deletes only that one and a get reads
 * it back: the same result, protobuf's rule that the last member set wins (of two bodies in one Envelope, the later
 * one). Members set without the accessor (a constructor's properties) are found among the message's own keys.
 */
type Holder = Record<PropertyKey, unknown>;

const util = protobuf.util as unknown as {
  oneOfGetter: (fields: string[]) => (this: Holder) => string | undefined;
  oneOfSetter: (fields: string[]) => (this: Holder, name: string | undefined) => void;
};
const scanGetter = util.oneOfGetter;
/** One symbol per oneof, shared by its getter and setter (the generated code passes both the same array). */
const lastOf = new WeakMap<string[], symbol>();
const last = (fields: string[]): symbol => {
  let s = lastOf.get(fields);
  if (s === undefined) lastOf.set(fields, (s = Symbol("oneof")));
  return s;
};

util.oneOfGetter = (fields) => {
  const key = last(fields);
  const scan = scanGetter(fields);
  return function (this: Holder) {
    const name = this[key] as string | undefined;
    if (name === undefined) return scan.call(this);
    return this[name] !== undefined && this[name] !== null ? name : undefined;
  };
};

util.oneOfSetter = (fields) => {
  const key = last(fields);
  const members = new Set(fields);
  return function (this: Holder, name: string | undefined) {
    const before = this[key] as string | undefined;
    if (before !== undefined) {
      if (before !== name) delete this[before];
    } else {
      // The first set through the accessor: members set before it are own keys (a decoded message has two or three).
      for (const k of Object.keys(this)) if (k !== name && members.has(k)) delete this[k];
    }
    this[key] = name;
  };
};
