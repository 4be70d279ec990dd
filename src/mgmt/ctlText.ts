import { formatFields, type Field } from "../core/textTable.js";
import type { CtlArgs, CtlForm } from "./command.js";
import { NOTHING_CHANGED } from "./sectionEdit.js";

/**
 * The `ctl.text` of the command table's entries (docs/design.md "Operator commands"): how `ipdect ctl` shows an
 * answer for people. A reading is a table or a key/value block; an action is one line saying what it did.
 */

type CtlText = NonNullable<CtlForm["text"]>;

/** An answer of type T (as the entry's `run` answers it) shown by `show`. */
export const shown =
  <T>(show: (answer: T, args: CtlArgs) => string): CtlText =>
  (answer, args) =>
    show(answer as T, args);

/** An action's answer as the one line that says what it did. */
export const said =
  <T>(line: (answer: T, args: CtlArgs) => string): CtlText =>
  (answer, args) =>
    `${line(answer as T, args)}\n`;

/** A key/value block of the answer. */
export const fields = <T>(rows: (answer: T) => readonly Field[]): CtlText =>
  shown<T>((a) => `${formatFields(rows(a))}\n`);

/** What a section change answers (`PUT /api/snmp`, `/api/logging`, `/api/gatekeeper` and their removes). */
interface PendingChange {
  readonly pending: unknown;
  readonly note: string;
}

/** A section change: stored as pending (or removed), or nothing changed; the answer's note says when it applies. */
export const pendingSaid = (what: string): CtlText =>
  said<PendingChange>((a) =>
    a.note.endsWith(NOTHING_CHANGED) ? a.note : `${what} ${a.pending === null ? "removed" : "stored"}: ${a.note}`,
  );

/** A yes/no of an answer, for people. */
export const yesNo = (b: boolean): string => (b ? "yes" : "no");
