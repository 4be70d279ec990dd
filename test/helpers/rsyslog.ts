import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ForegroundProcess, freePort, freeUdpPort, tcpAccepts } from "./foregroundProcess.js";
import { waitFor } from "./nodes.js";

/** One entry as rsyslog parsed it (RFC 5424 fields through the `fields` template below). */
export interface ParsedEntry {
  readonly input: string;
  /** PRI: facility × 8 + severity (RFC 5424 §6.2.1). */
  readonly pri: string;
  readonly hostname: string;
  readonly appName: string;
  readonly procId: string;
  readonly msgId: string;
  readonly structuredData: string;
  /** The MSG without the BOM rsyslog keeps. */
  readonly msg: string;
}

export interface Rsyslog extends AsyncDisposable {
  readonly ip: string;
  readonly udpPort: number;
  readonly tcpPort: number;
  readonly tlsPort: number;
  entries(): ParsedEntry[];
  close(): Promise<void>;
}

/**
 * Debian's rsyslogd in the foreground (`-n`) on `ip`: imudp (RFC 5426), imtcp plain (RFC 6587) and imtcp with the
 * gtls driver (RFC 5425, server certificate `cert`), writing each entry's parsed RFC 5424 fields to a file.
 */
export async function startRsyslog(
  dir: string,
  ip: string,
  cert: { certFile: string; keyFile: string },
): Promise<Rsyslog> {
  const [udpPort, tcpPort, tlsPort] = [await freeUdpPort(ip), await freePort(ip), await freePort(ip)];
  const out = join(dir, "rsyslog.out");
  const conf = join(dir, "rsyslog.conf");
  writeFileSync(
    conf,
    [
      `global(workDirectory="${dir}" net.enableDNS="off")`,
      'module(load="imudp")',
      'module(load="imtcp")',
      `input(type="imudp" address="${ip}" port="${udpPort}" name="udp")`,
      `input(type="imtcp" address="${ip}" port="${tcpPort}" name="tcp")`,
      `input(type="imtcp" address="${ip}" port="${tlsPort}" name="tls" streamDriver.name="gtls" streamDriver.mode="1"` +
        ` streamDriver.authMode="anon" streamDriver.certFile="${cert.certFile}" streamDriver.keyFile="${cert.keyFile}"` +
        ` streamDriver.CAFile="${cert.certFile}")`,
      'template(name="fields" type="string" string="%inputname%|%pri%|%hostname%|%app-name%|%procid%|%msgid%|%structured-data%|%msg%\\n")',
      `action(type="omfile" file="${out}" template="fields")`,
      "",
    ].join("\n"),
  );
  const proc = new ForegroundProcess("rsyslogd", ["-n", "-f", conf, "-i", join(dir, "rsyslog.pid")]);
  await waitFor(async () => (await tcpAccepts(ip, tcpPort)) && (await tcpAccepts(ip, tlsPort)), 10_000, "rsyslogd up");
  const close = () => proc.stop();
  return {
    ip,
    udpPort,
    tcpPort,
    tlsPort,
    entries: () =>
      existsSync(out)
        ? readFileSync(out, "utf8")
            .split("\n")
            .filter((l) => l !== "")
            .map((l) => {
              const [input = "", pri = "", hostname = "", appName = "", procId = "", msgId = "", ...rest] =
                l.split("|");
              const msg = rest.pop() ?? "";
              return {
                input,
                pri,
                hostname,
                appName,
                procId,
                msgId,
                structuredData: rest.join("|"),
                msg: msg.replace("\u{FEFF}", ""),
              };
            })
        : [],
    close,
    [Symbol.asyncDispose]: close,
  };
}
