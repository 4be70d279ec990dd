import { useState } from "preact/hooks";
import { ApiError } from "../api.js";

/** The ticked rows of a list (SortTable's check boxes), by row key. */
export function useSelection(): { selected: ReadonlySet<string>; toggle: (k: string) => void; clear: () => void } {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const toggle = (k: string) => {
    const next = new Set(selected);
    if (!next.delete(k)) next.add(k);
    setSelected(next);
  };
  return { selected, toggle, clear: () => setSelected(new Set()) };
}

/** Runs an action of a list (Remove, Delete, Copy) and reports its outcome in one line. */
export function useOutcome(): [string | undefined, (f: () => Promise<string>) => void] {
  const [text, setText] = useState<string | undefined>(undefined);
  const run = (f: () => Promise<string>) =>
    void f().then(setText, (e: unknown) => setText(e instanceof ApiError ? `Not done: ${e.message}` : String(e)));
  return [text, run];
}
