/**
 * The one file that loads the npm `kerberos` package (docs/style.md §9): MIT GSS-API acceptance of SPNEGO tokens
 * (RFC 4559, RFC 4178). The package is an optional dependency with native code (it needs libkrb5-dev, python3, make
 * and g++ to build), so it is loaded on first use, and its absence is a refusal that says so, never a crash.
 *
 * The package takes the keytab, configuration and replay cache from the process environment (KRB5_KTNAME,
 * KRB5_CONFIG, KRB5RCACHEDIR), which MIT reads when each call builds its context, in a worker thread. One process may
 * hold several devices, each with its own keytab, so the calls run one at a time and each sets its device's
 * environment for exactly its duration (docs/design.md "Kerberos").
 */

/** The part of the package's API used here (its own types are not needed to build without it). */
interface KerberosServerContext {
  readonly username: string;
  readonly targetName: string;
  readonly response: string;
  step(challenge: string): Promise<string>;
}

interface KerberosPackage {
  initializeServer(service: string): Promise<KerberosServerContext>;
}

export type Accepted =
  | { readonly ok: true; readonly principal: string; readonly target?: string; readonly reply?: Uint8Array }
  | { readonly ok: false; readonly error: string };

/** The package name in a variable: the build must not need the optional package. */
const PACKAGE = "kerberos";
let loaded: Promise<KerberosPackage | string> | undefined;
let queue: Promise<unknown> = Promise.resolve();

function load(): Promise<KerberosPackage | string> {
  loaded ??= import(PACKAGE).then(
    (m: { default?: KerberosPackage } & KerberosPackage) => m.default ?? m,
    (err: unknown) =>
      `SPNEGO needs the npm package kerberos (an optional dependency with native code: install libkrb5-dev, python3, ` +
      `make and g++, then npm install): ${err instanceof Error ? err.message : String(err)}`,
  );
  return loaded;
}

const ENV_KEYS = ["KRB5_KTNAME", "KRB5_CONFIG", "KRB5RCACHEDIR"] as const;

/** Accepts one SPNEGO token with the keys of `env` (any principal of its keytab); `target` is the one it was for. */
export function acceptSpnego(token: Uint8Array, env: Readonly<Record<string, string>>): Promise<Accepted> {
  const work = async (): Promise<Accepted> => {
    const pkg = await load();
    if (typeof pkg === "string") return { ok: false, error: pkg };
    const saved = ENV_KEYS.map((k) => process.env[k]);
    for (const k of ENV_KEYS) if (env[k] !== undefined) process.env[k] = env[k];
    try {
      // "": no service name, so the acceptor takes a ticket for any principal in the keytab.
      const server = await pkg.initializeServer("");
      await server.step(Buffer.from(token).toString("base64"));
      return {
        ok: true,
        principal: server.username,
        ...(server.targetName ? { target: server.targetName } : {}),
        ...(server.response ? { reply: new Uint8Array(Buffer.from(server.response, "base64")) } : {}),
      };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    } finally {
      ENV_KEYS.forEach((k, i) => {
        const v = saved[i];
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      });
    }
  };
  const next = queue.then(work, work);
  queue = next.catch(() => undefined);
  return next;
}
