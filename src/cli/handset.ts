import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { Ipei } from "../core/identity/Ipei.js";
import { IpdectError } from "../core/errors.js";
import { Handset } from "../handset/Handset.js";
import { SocketTransport } from "../platform/node/SocketTransport.js";
import { systemClock } from "../platform/node/SystemClock.js";
import { isIpv4 } from "../core/config/ipv4.js";
import { CliCode } from "./errors.js";
import { HANDSET_SESSION_DIGITS } from "../users/handsets/events.js";

export const HANDSET_USAGE = `  ipdect handset --radio <ip> --ipei <IPEI> [--bind <127.x.y.z>] [--key <key>] <step>...
      A lab handset against real nodes (§3.14, §3.15): it talks to the radio at --radio over the emulated air
      (UDP 17301) and runs the steps in order: subscribe <AC> | locate | dial <digits>. Prints each answer as a JSON
      line; the key a subscription returns lets a later run locate or dial with --key.
`;

/** `ipdect handset`: one lab handset running a few mobility steps against a real radio. */
export async function handset(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      radio: { type: "string" },
      ipei: { type: "string" },
      bind: { type: "string", default: "127.0.99.1" },
      key: { type: "string" },
    },
  });
  if (values.radio === undefined || !isIpv4(values.radio))
    throw new IpdectError(CliCode.Usage, "--radio <IPv4> is needed");
  if (values.ipei === undefined) throw new IpdectError(CliCode.Usage, "--ipei <IPEI> is needed");
  if (!isIpv4(values.bind)) throw new IpdectError(CliCode.Usage, "--bind must be an IPv4 address");
  const ipei = Ipei.parse(values.ipei).toString();
  const radio = { ip: values.radio, name: values.radio };
  // Each run is one power-on of the handset: a fresh session, so the Master decides its requests anew (§3.14.2).
  const session = randomBytes(HANDSET_SESSION_DIGITS / 2).toString("hex");
  const h = new Handset(ipei, session, systemClock, new SocketTransport(values.bind), () => radio);
  if (values.key !== undefined) h.restoreKey(values.key);
  await h.open();
  let failed = false;
  try {
    const steps = [...positionals];
    while (steps.length > 0) {
      const step = steps.shift()!;
      const arg = step === "locate" ? undefined : steps.shift();
      if ((step === "subscribe" || step === "dial") && arg === undefined)
        throw new IpdectError(CliCode.Usage, `${step} needs an argument`);
      const a =
        step === "subscribe"
          ? await h.subscribe(arg!)
          : step === "dial"
            ? await h.dial(arg!)
            : step === "locate"
              ? await h.locate()
              : undefined;
      if (a === undefined) throw new IpdectError(CliCode.Usage, `unknown step ${step} (subscribe | locate | dial)`);
      const { handset: _at, ...shown } = a;
      process.stdout.write(`${JSON.stringify({ step, ...shown })}\n`);
      failed ||= !a.accepted;
    }
  } finally {
    await h.close();
  }
  return failed ? 1 : 0;
}
