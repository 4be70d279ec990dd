import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ForegroundProcess, freePort, freeUdpPort, removeTempDir, tempDir, within } from "./foregroundProcess.js";

const TIMEOUT_S = 10;

/**
 * SIPp as a PBX that tells a device its provisioning changed (seed 002 "SIP Notify Check-Sync"): one unsolicited
 * NOTIFY with `Event: check-sync` (or another package) (RFC 6665 §4.2.2 event package; `Subscription-State: terminated`, as a PBX sends it
 * without a subscription) to `sip:<user>@<ip>:<port>` over UDP, and the answer it expects. Resolves with whether that
 * answer came (SIPp exits 0) and SIPp's output.
 */
export async function sippNotify(o: {
  readonly target: { readonly ip: string; readonly port: number };
  readonly user: string;
  readonly expect: number;
  readonly localIp?: string;
  /** The Event header's package; default check-sync. */
  readonly event?: string;
}): Promise<{ ok: boolean; output: string }> {
  if (!/^[A-Za-z0-9._-]+$/.test(o.user)) throw new Error(`sippNotify: unusable user ${JSON.stringify(o.user)}`);
  const localIp = o.localIp ?? o.target.ip;
  const dir = tempDir("ipdect-sipp-notify-");
  try {
    const scenario = join(dir, "notify.xml");
    const aor = `sip:${o.user}@${o.target.ip}`;
    writeFileSync(
      scenario,
      `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="ipdect check-sync">
  <send retrans="500">
    <![CDATA[

      NOTIFY ${aor}:${o.target.port} SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
      Max-Forwards: 70
      From: <sip:pbx@[local_ip]>;tag=[pid]SIPpTag[call_number]
      To: <${aor}>
      Call-ID: [call_id]
      CSeq: 1 NOTIFY
      Contact: <sip:pbx@[local_ip]:[local_port]>
      Event: ${o.event ?? "check-sync"}
      Subscription-State: terminated
      User-Agent: SIPp (ipdect check-sync)
      Content-Length: [len]

    ]]>
  </send>
  <recv response="${o.expect}"/>
</scenario>
`,
    );
    const args = [
      `${o.target.ip}:${o.target.port}`,
      ...["-sf", scenario, "-m", "1", "-t", "u1"],
      ...["-i", localIp, "-bind_local", "-p", String(await freePort(localIp))],
      ...["-cp", String(await freeUdpPort("0.0.0.0"))],
      ...["-nostdin", "-default_behaviors", "abortunexp"],
      ...["-timeout", `${TIMEOUT_S}s`, "-timeout_error"],
    ];
    const proc = new ForegroundProcess("sipp", args, { cwd: dir });
    if (!(await within(proc.wait(), (TIMEOUT_S + 10) * 1000))) await proc.stop();
    return { ok: proc.exitCode === 0, output: proc.output() };
  } finally {
    removeTempDir(dir);
  }
}
