/** One sample: its labels (besides the family's name) and value. */
export interface MetricSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/**
 * One metric of the Prometheus exposition format: a counter only goes up (until the device or the process restarts,
 * or an operator clears it), a gauge is a value now. Names follow the Prometheus conventions: `_total` for counters,
 * base units (`_seconds`, `_ratio` for a share from 0 to 1, `_dbm` where the manual's unit has no base).
 */
export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: "counter" | "gauge";
  readonly samples: readonly MetricSample[];
}

/** A family of one sample without labels. */
export const one = (value: number): readonly MetricSample[] => [{ labels: {}, value }];

/** 1 or 0, as Prometheus has a truth value. */
export const flag = (b: boolean): number => (b ? 1 : 0);

export const counter = (name: string, help: string, samples: readonly MetricSample[]): MetricFamily => ({
  name,
  help,
  type: "counter",
  samples,
});

export const gauge = (name: string, help: string, samples: readonly MetricSample[]): MetricFamily => ({
  name,
  help,
  type: "gauge",
  samples,
});

/**
 * An enumeration the Prometheus way: a sample per possible value, 1 for the current one and 0 for the others, so a
 * query can select a state and a graph shows when it changed. `labels` go on every sample.
 */
export function stateSamples<S extends string>(
  label: string,
  states: readonly S[],
  current: S,
  labels: Readonly<Record<string, string>> = {},
): MetricSample[] {
  return states.map((state) => ({ labels: { ...labels, [label]: state }, value: flag(state === current) }));
}
