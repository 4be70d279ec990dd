import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError } from "./api.js";
import { html, type View } from "./html.js";

/** An answer being loaded: its data once there, or the error, and a way to load it again. */
export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: ApiError | undefined;
  readonly reload: () => void;
}

/** Loads `fetcher()` when the component shows and whenever `reload` is called. */
export function useLoad<T>(fetcher: () => Promise<T>, deps: readonly unknown[] = []): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  useEffect(() => {
    let live = true;
    fetcher().then(
      (d) => live && (setData(d), setError(undefined)),
      (e: unknown) => live && setError(e instanceof ApiError ? e : new ApiError(0, "NETWORK", String(e))),
    );
    return () => {
      live = false;
    };
    // The caller names what the fetcher depends on.
  }, [round, ...deps]);
  return { data, error, reload };
}

/**
 * What a page shows until all its answers are there: the first error, else "Loading…"; undefined once they are, so a
 * page starts `const wait = waiting(a, b); if (wait !== undefined) return wait;`.
 */
export function waiting(...loads: readonly Loaded<unknown>[]): View | undefined {
  const error = loads.find((l) => l.error !== undefined)?.error;
  if (error !== undefined) return html`<p class="error" role="alert">${error.message}</p>`;
  return loads.some((l) => l.data === undefined) ? html`<p role="status">Loading…</p>` : undefined;
}

/**
 * `answer`, or null when the device says it does not hold the role asked about (`code`, e.g. `KERBEROS_NO_SERVER`): a
 * page shows what there is instead of an error.
 */
export const orNone = <T>(answer: Promise<T>, code: string): Promise<T | null> =>
  answer.catch((e: unknown) => {
    if (e instanceof ApiError && e.code === code) return null;
    throw e;
  });
