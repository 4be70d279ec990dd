import { Agent, request } from "node:http";
import { schedSeconds } from "./pariSite.js";

/**
 * HTTP clients that poll one path of a device, for bench/apiLoad.ts; they run in a process of their own (apiLoad
 * spawns itself with `pollers`), so their CPU is not the device's. Each client keeps its own connection open
 * (keep-alive) and has at most one request outstanding, as a browser tab polling a page does. (One shared pool of
 * connections would leave some idle past the server's keep-alive timeout, 5 s, and reuse them as it closes them:
 * ECONNRESET.)
 */
export interface PollPlan {
  readonly url: string;
  /** One set of request headers per client: its session cookie, or its Basic credentials. */
  readonly headers: readonly Record<string, string>[];
  /** Requests before this are sent but not counted (JIT, connections, caches). */
  readonly warmupMs: number;
  readonly measureMs: number;
  /**
   * 0: closed loop, each client asks again as soon as its answer is in (saturation). Otherwise each client polls on a
   * fixed schedule, every `intervalMs` (starts spread over one interval); a request that could not be sent on time,
   * because the previous answer was late, counts its latency from when it should have gone, so a slow server is not
   * hidden by clients that wait for it (coordinated omission).
   */
  readonly intervalMs: number;
}

export interface PollResult {
  readonly clients: number;
  readonly intervalMs: number;
  readonly seconds: number;
  readonly requests: number;
  readonly perSecond: number;
  /** Answers other than 200, by status, and connection errors by code (ECONNRESET, …). */
  readonly errors: Record<string, number>;
  readonly latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  /** Bytes of one answer's body as sent (gzipped when asked for), the last one. */
  readonly bodyBytes: number;
  /** CPU of the pollers' own process, as a share of one core. */
  readonly pollerCpuPercent: number;
  /** Its main thread's wait for a core, seconds per second (other work on the machine holding the clients back). */
  readonly pollerRunQueueWait: number;
}

interface Answer {
  /** The HTTP status, or the connection error's code. */
  status: number | string;
  bytes: number;
}

function get(agent: Agent, url: URL, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve) => {
    const req = request(url, { agent, headers }, (res) => {
      let bytes = 0;
      res.on("data", (b: Buffer) => (bytes += b.length));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on("error", (e: NodeJS.ErrnoException) => resolve({ status: e.code ?? "socket", bytes }));
    });
    req.on("error", (e: NodeJS.ErrnoException) => resolve({ status: e.code ?? "socket", bytes: 0 }));
    req.end();
  });
}

const sleepUntil = (t: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, t - performance.now())));

/** Runs the plan; `onPhase` hears when counting starts and stops (the caller samples the device's CPU then). */
export async function poll(plan: PollPlan, onPhase: (phase: "measure" | "end") => void): Promise<PollResult> {
  const url = new URL(plan.url);
  const n = plan.headers.length;
  const agents = plan.headers.map(() => new Agent({ keepAlive: true, maxSockets: 1 }));
  const t0 = performance.now();
  const from = t0 + plan.warmupMs;
  const until = from + plan.measureMs;
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let bodyBytes = 0;
  let cpu0 = process.cpuUsage();
  let wait0 = schedSeconds(process.pid).wait;
  let ended = false;
  // A busy loop may fire the end's timer after the last client is done: then it is said once, at the end.
  const end = () => (ended ? undefined : ((ended = true), onPhase("end")));
  const phases = [
    setTimeout(() => {
      cpu0 = process.cpuUsage();
      wait0 = schedSeconds(process.pid).wait;
      onPhase("measure");
    }, plan.warmupMs),
    setTimeout(end, plan.warmupMs + plan.measureMs),
  ];
  const client = async (i: number) => {
    let next = t0 + (plan.intervalMs * i) / n;
    for (;;) {
      if (plan.intervalMs > 0) await sleepUntil(next);
      const intended = plan.intervalMs > 0 ? next : performance.now();
      if (intended >= until) return;
      const a = await get(agents[i]!, url, plan.headers[i]!);
      const done = performance.now();
      if (intended >= from) {
        latencies.push(done - intended);
        if (a.status === 200) bodyBytes = a.bytes;
        else errors[a.status] = (errors[a.status] ?? 0) + 1;
      }
      next += plan.intervalMs;
    }
  };
  await Promise.all(Array.from({ length: n }, (_, i) => client(i)));
  const cpu = process.cpuUsage(cpu0);
  const wait = schedSeconds(process.pid).wait - wait0;
  phases.forEach(clearTimeout);
  end();
  agents.forEach((a) => a.destroy());
  const seconds = plan.measureMs / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN);
  return {
    clients: n,
    intervalMs: plan.intervalMs,
    seconds,
    requests: sorted.length,
    perSecond: Math.round(sorted.length / seconds),
    errors,
    latencyMs: {
      p50: at(0.5),
      p95: at(0.95),
      p99: at(0.99),
      max: round(sorted.at(-1) ?? NaN),
      mean: round(sorted.reduce((s, x) => s + x, 0) / sorted.length),
    },
    bodyBytes,
    pollerCpuPercent: Math.round((cpu.user + cpu.system) / 1e4 / seconds),
    pollerRunQueueWait: Math.round((wait / seconds) * 100) / 100,
  };
}

const round = (x: number) => Math.round(x * 10) / 10;
