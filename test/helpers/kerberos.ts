import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import type { Device } from "../../src/device/Device.js";
import { handleApi } from "./api.js";
import { freePort } from "./foregroundProcess.js";

/** The ports of a test realm: high ports, the same on every address of the test's loopback block. */
export interface RealmPorts {
  readonly port: number;
  readonly adminPort: number;
  readonly passwordPort: number;
  /** kpropd listens on every address: a port free on the wildcard address. */
  readonly propPort: number;
}

export async function realmPorts(ip: string): Promise<RealmPorts> {
  return {
    port: await freePort(ip),
    adminPort: await freePort(ip),
    passwordPort: await freePort(ip),
    propPort: await freePort("0.0.0.0"),
  };
}

const ADMIN = `Basic ${Buffer.from("admin:changeme").toString("base64")}`;

/** One call of a device's management API, in process, as the default System Administrator unless `auth` says. */
export async function call(
  device: Device,
  method: string,
  path: string,
  body?: object,
  auth = ADMIN,
): Promise<{ status: number; body: unknown }> {
  const url = new URL(path, "http://device");
  const res = await handleApi(
    { device: () => device, events: () => [] },
    {
      method,
      path: url.pathname,
      query: url.searchParams,
      authorization: auth,
      body: body === undefined ? "" : JSON.stringify(body),
    },
  );
  return { status: res.status, body: res.body };
}

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs an MIT program (or curl) to its end with `env` added and `input` on stdin. */
export function runTool(file: string, args: readonly string[], env: Record<string, string>, input = ""): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { env: { ...process.env, ...env, LC_ALL: "C" } }, (err, stdout, stderr) =>
      resolve({ code: err === null ? 0 : Number((err as { code?: unknown }).code ?? 1), stdout, stderr }),
    );
    // A program that exits without reading its input (kadmin.local -q) must not fail the test with EPIPE.
    child.stdin!.on("error", () => undefined);
    child.stdin!.end(input);
  });
}

/** A krb5.conf for the test's own tools (kinit, curl): the realm's KDCs by address, no DNS. */
export function writeToolConf(file: string, realm: string, kdcs: readonly string[]): void {
  writeFileSync(
    file,
    [
      "[libdefaults]",
      ` default_realm = ${realm}`,
      " dns_lookup_kdc = false",
      " rdns = false",
      " dns_canonicalize_hostname = false",
      "[realms]",
      ` ${realm} = {`,
      ...kdcs.map((k) => `  kdc = ${k}`),
      " }",
      "",
    ].join("\n"),
  );
}
