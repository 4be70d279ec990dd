import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ForegroundProcess, removeTempDir, tcpAccepts, tempDir } from "./foregroundProcess.js";

/** A running nginx (Debian's), in the foreground in its own temp dir. */
export interface Nginx extends AsyncDisposable {
  readonly ip: string;
  readonly port: number;
  readonly pid: number | undefined;
  /** nginx's prefix: its config, logs and temp paths, and whatever the server block keeps there. */
  readonly dir: string;
  close(): Promise<void>;
}

export interface NginxOptions {
  readonly ip: string;
  readonly port: number;
  readonly certFile: string;
  readonly keyFile: string;
  /** Worker processes; default 1 (this project's node is one process on one core). */
  readonly workers?: number;
  /** nginx's ssl_protocols, e.g. "TLSv1.2 TLSv1.3" (the default). */
  readonly protocols?: string;
  /** nginx's ssl_ciphers (OpenSSL names), e.g. a TLS profile's list; default nginx's own. */
  readonly ciphers?: string;
}

/** nginx serving HTTPS on `ip:port` with a given certificate: the reference server for TLS handshake rates. */
export function startNginx(o: NginxOptions): Promise<Nginx> {
  return runNginx({
    ip: o.ip,
    port: o.port,
    workers: o.workers,
    server: () => `
    listen ${o.ip}:${o.port} ssl;
    ssl_certificate ${o.certFile};
    ssl_certificate_key ${o.keyFile};
    ssl_protocols ${o.protocols ?? "TLSv1.2 TLSv1.3"};
    ${o.ciphers === undefined ? "" : `ssl_ciphers ${o.ciphers};`}
    ssl_session_cache off;
    ssl_session_tickets off;
    location / { return 200 '{}'; }`,
  });
}

/**
 * Starts nginx in the foreground (`daemon off`, its own prefix, pid file and temp paths in a temp dir) with one
 * server block, and waits until it accepts. `asUser`: run it as that user (not root), its temp dir open to it.
 */
export async function runNginx(o: {
  readonly ip: string;
  readonly port: number;
  readonly workers?: number | undefined;
  /** The server block's body, given nginx's prefix dir. */
  readonly server: (dir: string) => string;
  readonly asUser?: string;
  /** A file for the access log, one line per request: `$msec $remote_addr $status $request_time $request_uri`. */
  readonly accessLog?: string;
  /** Run it in this network namespace (`ip netns exec`), `ip` being an address there; HTTP only. */
  readonly netns?: string | undefined;
}): Promise<Nginx> {
  const dir = tempDir("ipdect-nginx-");
  mkdirSync(join(dir, "logs"));
  if (o.asUser !== undefined) chmodSync(dir, 0o777);
  const conf = join(dir, "nginx.conf");
  writeFileSync(
    conf,
    `worker_processes ${o.workers ?? 1};
daemon off;
master_process on;
pid ${join(dir, "nginx.pid")};
error_log stderr warn;
events { worker_connections 1024; }
http {
  ${
    o.accessLog === undefined
      ? "access_log off;"
      : `log_format t '$msec $remote_addr $status $request_time $request_uri';\n  access_log ${o.accessLog} t;`
  }
  client_body_temp_path ${join(dir, "body")};
  proxy_temp_path ${join(dir, "proxy")};
  fastcgi_temp_path ${join(dir, "fastcgi")};
  uwsgi_temp_path ${join(dir, "uwsgi")};
  scgi_temp_path ${join(dir, "scgi")};
  server {${o.server(dir)}
  }
}
`,
  );
  const nginx = ["nginx", "-p", dir, "-c", conf];
  const user = o.asUser === undefined ? nginx : ["runuser", "-u", o.asUser, "--", ...nginx];
  const [command, ...args] = o.netns === undefined ? user : ["ip", "netns", "exec", o.netns, ...user];
  const proc = new ForegroundProcess(command!, args);
  const accepts = () => (o.netns === undefined ? tcpAccepts(o.ip, o.port) : answersIn(o.netns, o.ip, o.port));
  const deadline = Date.now() + 10_000;
  while (!(await accepts())) {
    if (proc.exited || Date.now() > deadline) {
      await proc.stop();
      removeTempDir(dir);
      throw new Error(`nginx did not come up on ${o.ip}:${o.port}:\n${proc.output().slice(-2000)}`);
    }
    await sleep(50);
  }
  const close = async () => {
    await proc.stop();
    removeTempDir(dir);
  };
  return { ip: o.ip, port: o.port, pid: proc.pid, dir, close, [Symbol.asyncDispose]: close };
}

/** Whether an HTTP server answers at `ip:port` in the network namespace `netns` (curl run there). */
function answersIn(netns: string, ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(
      "ip",
      ["netns", "exec", netns, "curl", "-s", "-o", "/dev/null", "--max-time", "1", `http://${ip}:${port}/`],
      (err) => resolve(err === null),
    );
  });
}
