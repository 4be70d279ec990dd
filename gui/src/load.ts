import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError } from "./api.js";

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
