import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { ForegroundProcess, freePort, freeUdpPort, removeTempDir, tempDir, within } from "./foregroundProcess.js";

export interface SippUser {
  /** The AOR user part (From, To, Contact). */
  readonly user: string;
  /** The digest username. */
  readonly authUser: string;
  readonly password: string;
  /**
   * A `+sip.instance` (RFC 5626 §4.1), e.g. "urn:uuid:…", sent as `;+sip.instance="<…>"` on the Contact. Either every
   * user of a run has one or none has.
   */
  readonly instance?: string;
}

export interface SippRegisterOptions {
  readonly proxy: { readonly ip: string; readonly port: number };
  readonly transport: "udp" | "tcp";
  /**
   * One socket per user (`-t un` / `tn`: a UDP socket, a TCP connection per call), as the gatekeeper has (App. H
   * footnote 1); default false: one socket for all (`u1` / `t1`).
   */
  readonly socketPerUser?: boolean;
  readonly users: readonly SippUser[];
  /** The SIP domain: Request-URI `sip:<domain>`, From/To `sip:<user>@<domain>`. */
  readonly domain: string;
  /** SIPp's own address (Via, Contact, and the socket it binds); default: the proxy's (loopback). */
  readonly localIp?: string;
  /** New REGISTER transactions per second; default 10000 (as fast as SIPp gets, bounded by `concurrency`). */
  readonly rate?: number;
  /**
   * Users registering at the same time (SIPp -l); default 50: over UDP against kamailio with 4 children as fast as 100
   * and without retransmissions (100 and more: a few, each costing 500 ms to one user).
   */
  readonly concurrency?: number;
  /** Expires header; default 3600. 0 sends `Contact: *`, removing every binding of each user's AOR. */
  readonly expires?: number;
  /** SIPp gives up after this many seconds (-timeout … -timeout_error); default 60. */
  readonly timeoutS?: number;
}

export interface SippResult {
  /** From the first REGISTER to the last user's final answer, by SIPp's own clock (see `processMs`). */
  readonly ms: number;
  /** Wall time around the SIPp process, start-up (reading the CSV, binding sockets) and exit included. */
  readonly processMs: number;
  /** Users whose REGISTER got 401 and then 200 (SIPp's "Successful call"). */
  readonly succeeded: number;
  /** Every other user: `users.length - succeeded` (an unexpected answer, a timeout, or SIPp never got to it). */
  readonly failed: number;
  /** SIPp's own "Failed call" counter (unexpected answers and UDP retransmission timeouts). */
  readonly sippFailed: number;
  readonly exitCode: number | null;
  /** SIPp's stdout (its statistics screens) and stderr. */
  readonly stdout: string;
  /** SIPp's error log (-trace_err): each unexpected message with the call it broke, the first 64 KiB. */
  readonly errors: string;
}

/** How much longer than `timeoutS` SIPp gets to exit by itself before it is killed. */
const KILL_GRACE_MS = 10_000;
/** Characters a user, auth user or password may have: not SIPp's CSV separator ';', nor '[', ']' or white space. */
const SAFE = /^[A-Za-z0-9._~!$&'()*+,=:@%-]+$/;

/**
 * SIPp as the load reference: one REGISTER per user, answered with 401, then again with digest credentials; success is
 * the 200 OK. Users come from an injection CSV (SEQUENTIAL, one "call" per user), the scenario XML is written to a temp
 * dir, SIPp runs in the foreground (`-t u1`: one UDP socket, `-t t1`: one TCP connection; `un`/`tn` with
 * `socketPerUser`) and exits by itself after
 * `users.length` calls. An unexpected answer (401 again, 403, 423) fails that user's call; no BYE is sent.
 */
export async function sippRegister(opts: SippRegisterOptions): Promise<SippResult> {
  const users = opts.users;
  if (users.length === 0) throw new Error("sippRegister: no users");
  const withInstance = users[0]!.instance !== undefined;
  for (const u of users) {
    for (const [what, v] of [
      ["user", u.user],
      ["authUser", u.authUser],
      ["password", u.password],
    ] as const)
      if (!SAFE.test(v)) throw new Error(`sippRegister: unusable ${what} ${JSON.stringify(v)}`);
    if ((u.instance !== undefined) !== withInstance)
      throw new Error("sippRegister: either every user has an instance or none has");
    if (u.instance !== undefined && !/^[A-Za-z0-9:.-]+$/.test(u.instance))
      throw new Error(`sippRegister: unusable instance ${JSON.stringify(u.instance)}`);
  }
  if (!/^[A-Za-z0-9.:-]+$/.test(opts.domain)) throw new Error(`sippRegister: bad domain ${opts.domain}`);
  const expires = opts.expires ?? 3600;
  const timeoutS = opts.timeoutS ?? 60;
  const localIp = opts.localIp ?? opts.proxy.ip;

  const dir = tempDir("ipdect-sipp-");
  try {
    const scenario = join(dir, "register.xml");
    const csv = join(dir, "users.csv");
    const errors = join(dir, "errors.log");
    writeFileSync(scenario, registerScenario(opts.domain, expires, withInstance));
    const rows = users.map(
      (u) => `${u.user};[authentication username=${u.authUser} password=${u.password}];${u.instance ?? ""}`,
    );
    writeFileSync(csv, ["SEQUENTIAL", ...rows, ""].join("\n"));
    const args = [
      `${opts.proxy.ip}:${opts.proxy.port}`,
      ...["-sf", scenario, "-inf", csv, "-m", String(users.length)],
      ...["-t", `${opts.transport === "udp" ? "u" : "t"}${opts.socketPerUser === true ? "n" : "1"}`],
      // SIPp refuses to start when its socket cap (50000) is above the process's open-file limit.
      ...(opts.socketPerUser === true ? ["-max_socket", String(users.length + 100)] : []),
      ...["-i", localIp, "-bind_local", "-p", String(await freePort(localIp))],
      // the remote-control socket binds 0.0.0.0 (8888 by default, then upwards): a free one
      ...["-cp", String(await freeUdpPort("0.0.0.0"))],
      ...["-nostdin", "-aa", "-default_behaviors", "abortunexp"],
      ...["-r", String(opts.rate ?? 10_000), "-rp", "1000", "-l", String(opts.concurrency ?? 50)],
      ...["-timeout", `${timeoutS}s`, "-timeout_error"],
      ...["-trace_err", "-error_file", errors],
    ];
    const t0 = performance.now();
    const proc = new ForegroundProcess("sipp", args, { cwd: dir });
    if (!(await within(proc.wait(), timeoutS * 1000 + KILL_GRACE_MS))) {
      await proc.stop();
      throw new Error(`sipp did not exit within ${timeoutS} s + ${KILL_GRACE_MS} ms:\n${proc.output().slice(-4000)}`);
    }
    const processMs = performance.now() - t0;
    const stdout = proc.output();
    const succeeded = lastCount(stdout, "Successful call") ?? 0;
    const sippFailed = lastCount(stdout, "Failed call") ?? 0;
    let errorLog = "";
    try {
      errorLog = readFileSync(errors, "utf8").slice(0, 64 * 1024);
    } catch {
      // no unexpected message, no file
    }
    return {
      ms: sippElapsedMs(stdout) ?? processMs,
      processMs,
      succeeded,
      failed: users.length - succeeded,
      sippFailed,
      exitCode: proc.exitCode,
      stdout,
      errors: errorLog,
    };
  } finally {
    removeTempDir(dir);
  }
}

/** The REGISTER, 401, REGISTER with credentials, 200 scenario; [field0] user, [field1] credentials, [field2] instance. */
function registerScenario(domain: string, expires: number, instance: boolean): string {
  // Expires 0 removes every binding of the AOR (RFC 3261 §10.2.2): each SIPp run has a new port, hence a new Contact.
  const contact =
    expires === 0
      ? "*"
      : `<sip:[field0]@[local_ip]:[local_port];transport=[transport]>${instance ? ';+sip.instance="<[field2]>"' : ""}`;
  const register = (cseq: number, auth: boolean) =>
    [
      `REGISTER sip:${domain} SIP/2.0`,
      "Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport",
      "Max-Forwards: 70",
      `From: <sip:[field0]@${domain}>;tag=[pid]SIPpTag0[call_number]`,
      `To: <sip:[field0]@${domain}>`,
      "Call-ID: [call_id]",
      `CSeq: ${cseq} REGISTER`,
      `Contact: ${contact}`,
      ...(auth ? ["[field1]"] : []),
      `Expires: ${expires}`,
      "User-Agent: SIPp (ipdect load reference)",
      "Content-Length: [len]",
    ]
      .map((l) => `      ${l}`)
      .join("\n");
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="ipdect register with digest">
  <send retrans="500">
    <![CDATA[

${register(1, false)}

    ]]>
  </send>
  <recv response="401" auth="true"/>
  <send retrans="500">
    <![CDATA[

${register(2, true)}

    ]]>
  </send>
  <recv response="200"/>
</scenario>
`;
}

/** The cumulative column of a counter in SIPp's last statistics screen, e.g. "Successful call | 0 | 4000". */
function lastCount(stdout: string, counter: string): number | undefined {
  const re = new RegExp(`${counter}\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)`, "g");
  let last: number | undefined;
  for (const m of stdout.matchAll(re)) last = Number(m[1]);
  return last;
}

/**
 * SIPp's screens print "Start Time" and "Current Time" as epoch seconds with microseconds; the last screen is written
 * when the last call has ended, so their difference is the run's duration by SIPp's clock.
 */
function sippElapsedMs(stdout: string): number | undefined {
  const epoch = (label: string) => {
    let last: number | undefined;
    for (const m of stdout.matchAll(new RegExp(`${label}\\s*\\|[^\\n]*?(\\d{9,}\\.\\d+)`, "g"))) last = Number(m[1]);
    return last;
  };
  const start = epoch("Start Time");
  const end = epoch("Current Time");
  return start === undefined || end === undefined ? undefined : (end - start) * 1000;
}
