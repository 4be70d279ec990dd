import { setTimeout as sleep } from "node:timers/promises";
import { ForegroundProcess, freePort } from "./foregroundProcess.js";
import type { OpensslCert } from "./opensslCerts.js";

/** A running `openssl s_server`: where it listens and what it printed. */
export interface OpensslServer {
  readonly ip: string;
  readonly port: number;
  output(): string;
  stop(): Promise<void>;
}

/**
 * The real `openssl s_server` on `ip` with `cert`, answering every request with its status page (`-www`), so a client
 * that it lets through gets data back; `args` add its checks (`-Verify 1 -verify_return_error -CAfile …`: a client
 * certificate from that CA is required) or narrow its offer (`-tls1_2 -cipher AES128-SHA`). On `port` (default: a
 * free one). Resolves once it accepts.
 */
export async function startSServer(
  ip: string,
  cert: OpensslCert,
  args: readonly string[],
  port?: number,
): Promise<OpensslServer> {
  port ??= await freePort(ip);
  const proc = new ForegroundProcess("openssl", [
    ...["s_server", "-accept", `${ip}:${port}`, "-cert", cert.certFile, "-key", cert.keyFile, "-www"],
    ...args,
  ]);
  for (let i = 0; i < 200 && !proc.output().includes("ACCEPT"); i++) {
    if (proc.exited) break;
    await sleep(25);
  }
  if (!proc.output().includes("ACCEPT")) {
    await proc.stop();
    throw new Error(`openssl s_server did not start: ${proc.output()}`);
  }
  return { ip, port, output: () => proc.output(), stop: () => proc.stop() };
}
