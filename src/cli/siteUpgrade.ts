import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { IpdectError } from "../core/errors.js";
import { parseDuration } from "../core/duration.js";
import { siteHttp } from "../platform/node/siteHttp.js";
import { HttpSiteOps } from "../upgrade/HttpSiteOps.js";
import { DEFAULT_STEP_TIMEOUT_MS, DEFAULT_WAVE, rollingUpgrade } from "../upgrade/rollingUpgrade.js";
import { PORTS } from "../wire/ports.js";
import { endpointArg } from "./endpointArg.js";
import { CliCode } from "./errors.js";

/**
 * `ipdect ctl upgrade --site <PARI Master> --image <url> --serial <build serial>`: the site-wide rolling upgrade
 * (src/upgrade) over each device's HTTP API, as one administrator account reaches them all (every device of a site
 * takes the same login, §3.4.2). The PARI Master's device overview and Air Sync Overview give the radios; its status
 * gives its Standby (§4.6.19).
 */
export async function siteUpgrade(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      site: { type: "string" },
      standby: { type: "string" },
      image: { type: "string" },
      serial: { type: "string" },
      version: { type: "string" },
      wave: { type: "string", default: String(DEFAULT_WAVE) },
      "step-timeout": { type: "string", default: `${DEFAULT_STEP_TIMEOUT_MS / 60_000}m` },
      "allow-gaps": { type: "boolean", default: false },
      user: { type: "string", default: "admin" },
      password: { type: "string", default: process.env["IPDECT_PASSWORD"] ?? "changeme" },
    },
  });
  const need = (v: string | undefined, what: string): string => {
    if (v === undefined) throw new IpdectError(CliCode.Usage, `ipdect ctl upgrade needs --${what}`);
    return v;
  };
  const site = endpointArg(need(values.site, "site <ip[:port]>"), "site", PORTS.HTTP);
  const serial = need(values.serial, "serial <build serial>");
  const maxWave = Number(values.wave);
  if (!Number.isInteger(maxWave) || maxWave < 1)
    throw new IpdectError(CliCode.Usage, `--wave must be a whole number ≥ 1, not ${values.wave}`);
  const ops = new HttpSiteOps(siteHttp(site.port), { user: values.user, password: values.password }, sleep);
  const pariName = await ops.learn(site.ip);
  const standby = values.standby === undefined ? undefined : endpointArg(values.standby, "standby", site.port).ip;
  const masters = await ops.masters(site.ip, pariName, standby);
  await rollingUpgrade(ops, {
    imageUrl: need(values.image, "image <url>"),
    serial,
    version: values.version ?? serial,
    masters,
    maxWave,
    stepTimeoutMs: parseDuration(values["step-timeout"], "--step-timeout"),
    allowGaps: values["allow-gaps"],
    say: (line) => process.stdout.write(`${line}\n`),
  });
  return 0;
}
