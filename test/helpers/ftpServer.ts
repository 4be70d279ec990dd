import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ForegroundProcess, freePort, removeTempDir, tempDir } from "./foregroundProcess.js";

/** How many passive data ports the server may use (a check fetches its files one after another). */
const PASV_PORTS = 20;

/**
 * A provisioning server over FTP (seed 002 "Provisioning Server (Protocols and Files)") as a site runs one: Debian's
 * vsftpd in the foreground (`background=NO`) from a config file the test writes, on a loopback high port, passive
 * mode only, serving a folder of the test read-only. vsftpd's named logins are system accounts checked through PAM
 * (pam_unix), which a test cannot add without changing the host, so it serves its anonymous login: the users
 * `anonymous` and `ftp`, any password (RFC 1635). The URL's user and password still travel (`USER ftp`, `PASS …`),
 * and the protocol log says which user logged in.
 */
export interface FtpServer extends AsyncDisposable {
  /** `ftp://ip:port` (no trailing slash). */
  readonly url: string;
  readonly ip: string;
  readonly port: number;
  put(path: string, content: string | Uint8Array): void;
  /** vsftpd's protocol log: every command and answer. */
  log(): string;
  close(): Promise<void>;
}

export async function startFtpServer(o: { readonly ip: string }): Promise<FtpServer> {
  const dir = tempDir("ipdect-ftp-");
  const root = join(dir, "root");
  mkdirSync(root);
  // Readable by vsftpd's anonymous user (`ftp`), writable by nobody but the test.
  chmodSync(dir, 0o755);
  chmodSync(root, 0o755);
  const port = await freePort(o.ip);
  const pasv = await freePort(o.ip);
  const logFile = join(dir, "vsftpd.log");
  const conf = join(dir, "vsftpd.conf");
  writeFileSync(
    conf,
    [
      "listen=YES",
      "listen_ipv6=NO",
      `listen_address=${o.ip}`,
      `listen_port=${port}`,
      "background=NO",
      "anonymous_enable=YES",
      `anon_root=${root}`,
      "no_anon_password=NO",
      "local_enable=NO",
      "write_enable=NO",
      "port_enable=NO",
      "pasv_enable=YES",
      `pasv_min_port=${pasv}`,
      `pasv_max_port=${pasv + PASV_PORTS - 1}`,
      // Its seccomp sandbox refuses some calls in containers; the test's server needs no sandbox.
      "seccomp_sandbox=NO",
      `vsftpd_log_file=${logFile}`,
      "xferlog_enable=YES",
      "xferlog_std_format=NO",
      "log_ftp_protocol=YES",
      "",
    ].join("\n"),
  );
  const vsftpd = new ForegroundProcess("/usr/sbin/vsftpd", [conf]);
  await sleep(300);
  if (vsftpd.exited) throw new Error(`vsftpd did not start: ${vsftpd.output()}`);
  const close = async () => {
    await vsftpd.stop();
    removeTempDir(dir);
  };
  return {
    url: `ftp://${o.ip}:${port}`,
    ip: o.ip,
    port,
    put: (path, content) => {
      const file = join(root, path);
      for (let d = dirname(file); d !== root && !existsSync(d); d = dirname(d)) mkdirSync(d, { recursive: true });
      for (let d = dirname(file); d.startsWith(root) && d !== root; d = dirname(d)) chmodSync(d, 0o755);
      writeFileSync(file, content, { mode: 0o644 });
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, "utf8") : ""),
    close,
    [Symbol.asyncDispose]: close,
  };
}
