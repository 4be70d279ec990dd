import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ForegroundProcess, freePort, removeTempDir, tempDir } from "./foregroundProcess.js";
import { runNginx, type Nginx } from "./nginx.js";

/**
 * An update server for App. A as a site runs one: Debian's nginx serving a folder over HTTP (and HTTPS with a given
 * certificate), with WebDAV PUT for `scfg` backups (A.1.8 "it must allow HTTP PUT requests"), and tftpd-hpa serving the
 * same folder over TFTP, both in the foreground from a temp dir of the test. nginx runs as `nobody` from the start;
 * tftpd-hpa chroots into the folder (root's right) and then serves as `nobody` (its `-u`).
 */
export interface UpdateServer extends AsyncDisposable {
  /** `http://ip:port` (no trailing slash). */
  readonly http: string;
  readonly https?: string;
  readonly tftp?: string;
  /** Writes a file the server serves (`path` from the root, e.g. `up/update-IPBS2.htm`). */
  put(path: string, content: string | Uint8Array): void;
  /** A file as the server has it (a PUT's upload), or undefined. */
  read(path: string): Buffer | undefined;
  close(): Promise<void>;
}

export async function startUpdateServer(o: {
  readonly ip: string;
  readonly tls?: { readonly certFile: string; readonly keyFile: string };
  readonly tftp?: boolean;
  /** nginx's access log (runNginx), for load measurements. */
  readonly accessLog?: string;
  /** Serve in this network namespace (runNginx's `netns`): HTTP only. */
  readonly netns?: string;
}): Promise<UpdateServer> {
  const root = tempDir("ipdect-www-");
  chmodSync(root, 0o777);
  // nginx's user reads the certificate and key from a folder of its own (the test's folders are closed to it).
  const tlsDir = tempDir("ipdect-www-tls-");
  chmodSync(tlsDir, 0o755);
  const tls =
    o.tls === undefined
      ? undefined
      : {
          certFile: copyOpen(o.tls.certFile, join(tlsDir, "cert.pem")),
          keyFile: copyOpen(o.tls.keyFile, join(tlsDir, "key.pem")),
        };
  const [port, tlsPort] = [await freePort(o.ip), o.tls === undefined ? undefined : await freePort(o.ip)];
  const nginx: Nginx = await runNginx({
    ip: o.ip,
    port,
    asUser: "nobody",
    netns: o.netns,
    ...(o.accessLog === undefined ? {} : { accessLog: o.accessLog }),
    server: () => `
    listen ${o.ip}:${port};
    ${tls === undefined ? "" : `listen ${o.ip}:${tlsPort} ssl; ssl_certificate ${tls.certFile}; ssl_certificate_key ${tls.keyFile};`}
    root ${root};
    client_max_body_size 100m;
    location / { dav_methods PUT; create_full_put_path on; dav_access user:rw group:r all:r; }`,
  });
  let tftpd: ForegroundProcess | undefined;
  let tftpPort: number | undefined;
  if (o.tftp === true) {
    tftpPort = await freePort(o.ip);
    // -L: foreground; -s: secure mode, a chroot into the root (which needs root to start), then -u: it serves as nobody.
    tftpd = new ForegroundProcess("in.tftpd", ["-L", "-a", `${o.ip}:${tftpPort}`, "-u", "nobody", "-s", root]);
    await sleep(200);
    if (tftpd.exited) throw new Error(`tftpd-hpa did not start: ${tftpd.output()}`);
  }
  const close = async () => {
    await tftpd?.stop();
    await nginx.close();
    removeTempDir(root);
    removeTempDir(tlsDir);
  };
  return {
    http: `http://${o.ip}:${port}`,
    ...(tlsPort === undefined ? {} : { https: `https://${o.ip}:${tlsPort}` }),
    ...(tftpPort === undefined ? {} : { tftp: `tftp://${o.ip}:${tftpPort}` }),
    put: (path, content) => {
      const file = join(root, path);
      // Folders open to nginx's user, so a PUT may write beside what the test put (the umask would close them).
      for (let d = dirname(file); d !== root && !existsSync(d); d = dirname(d)) mkdirSync(d, { recursive: true });
      for (let d = dirname(file); d.startsWith(root) && d !== root; d = dirname(d)) chmodSync(d, 0o777);
      writeFileSync(file, content, { mode: 0o644 });
    },
    read: (path) => (existsSync(join(root, path)) ? readFileSync(join(root, path)) : undefined),
    close,
    [Symbol.asyncDispose]: close,
  };
}

function copyOpen(from: string, to: string): string {
  copyFileSync(from, to);
  chmodSync(to, 0o644);
  return to;
}
