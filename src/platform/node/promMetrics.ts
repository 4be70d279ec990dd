import { Counter, Gauge, Registry } from "prom-client";
import type { MetricFamily } from "../../device/metricFamily.js";

/** The metrics of one device, and the labels that tell it apart from the others of the process (`device`). */
export interface MetricSource {
  readonly labels: Readonly<Record<string, string>>;
  readonly families: () => readonly MetricFamily[];
}

/** A rendered exposition: its text and the content type Prometheus expects with it. */
export interface Exposition {
  readonly contentType: string;
  readonly text: string;
}

/**
 * The prom-client adapter (docs/architecture.md: one adapter per library): renders the devices' metric families in
 * the Prometheus text exposition format. A fresh registry per scrape: the values are read from the status model at
 * that moment, so nothing is kept between scrapes and a device that stopped simply has no samples.
 */
export async function renderPrometheus(sources: readonly MetricSource[]): Promise<Exposition> {
  const registry = new Registry();
  const metrics = new Map<string, Counter | Gauge>();
  for (const source of sources) {
    for (const f of source.families()) {
      // A family without samples (a PARI Master without sync regions yet) is left out: prom-client would print a
      // label-less metric as a sample of 0, and it would fix the family's label names without the samples' labels.
      if (f.samples.length === 0) continue;
      let metric = metrics.get(f.name);
      if (metric === undefined) {
        const labelNames = [
          ...new Set([...Object.keys(source.labels), ...f.samples.flatMap((s) => Object.keys(s.labels))]),
        ];
        const spec = { name: f.name, help: f.help, labelNames, registers: [registry] };
        metric = f.type === "counter" ? new Counter(spec) : new Gauge(spec);
        metrics.set(f.name, metric);
      }
      for (const s of f.samples) {
        const labels = { ...source.labels, ...s.labels };
        if (metric instanceof Counter) metric.inc(labels, s.value);
        else metric.set(labels, s.value);
      }
    }
  }
  return { contentType: registry.contentType, text: await registry.metrics() };
}
