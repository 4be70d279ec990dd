import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { setImmediate as turn } from "node:timers/promises";
import { test } from "node:test";
import { EventLines } from "../../src/cli/eventLines.js";

/** A stream that keeps each write apart, to count them. */
function writes(): { out: Writable; chunks: string[]; ended: () => boolean } {
  const chunks: string[] = [];
  let ended = false;
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
    final(done) {
      ended = true;
      done();
    },
  });
  return { out, chunks, ended: () => ended };
}

test("the events of one event-loop turn are one write, one JSON line each, in order", async () => {
  const w = writes();
  const lines = new EventLines(w.out);
  for (let i = 0; i < 1000; i++) lines.emit({ kind: "sip", n: i });
  assert.equal(w.chunks.length, 0, "nothing is written inside the turn");
  await turn();
  assert.equal(w.chunks.length, 1);
  const got = w.chunks[0]!.split("\n");
  assert.equal(got.pop(), "", "the last line ends with a newline");
  assert.deepEqual(
    got.map((l) => JSON.parse(l).n),
    [...Array(1000).keys()],
  );
  lines.emit({ kind: "sip", n: 1000 });
  await turn();
  assert.deepEqual(w.chunks.slice(1), ['{"kind":"sip","n":1000}\n'], "the next turn is the next write");
});

test("flush writes what is pending now (a node stopping); end writes it and ends a file's stream", async () => {
  const w = writes();
  const lines = new EventLines(w.out);
  lines.emit({ kind: "a" });
  lines.flush();
  assert.deepEqual(w.chunks, ['{"kind":"a"}\n']);
  lines.flush();
  assert.equal(w.chunks.length, 1, "nothing pending, nothing written");
  lines.emit({ kind: "b" });
  await lines.end();
  assert.deepEqual(w.chunks, ['{"kind":"a"}\n', '{"kind":"b"}\n']);
  assert.equal(w.ended(), true);
  await turn();
  assert.equal(w.chunks.length, 2, "the turn's flush after end writes nothing");
});
