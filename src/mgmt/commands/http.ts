import { HTTP_SECTION, type HttpSettings } from "../../auth/settings.js";
import type { Field } from "../../core/textTable.js";
import { command, type Command } from "../command.js";
import { fields, pendingSaid, yesNo } from "../ctlText.js";
import { body } from "../params.js";
import { List, S, Settings } from "../schema.js";
import {
  jsonValue,
  PENDING_NOTE,
  pendingSection,
  readSection,
  RunningAndPending,
  SectionChange,
} from "../sectionEdit.js";

/** Services → HTTP (§4.9.3; auth/settings.ts HttpSettings) as it is in force. */
const HttpSchema = S.Object({
  port: S.Integer({ description: "HTTP port; 0: no HTTP (recommended in a secure system)" }),
  httpsPort: S.Integer({ description: "HTTPS port; 0: no HTTPS (not recommended)" }),
  forceHttps: S.Boolean({ description: "Force HTTPS: every HTTP request is redirected to HTTPS" }),
  mutualTls: S.Boolean({ description: "Mutual TLS (MTLS): HTTPS asks clients for a certificate" }),
  noCache: S.Boolean({ description: "No Cache: browsers are asked to store nothing (Cache-Control: no-store)" }),
  allowedStations: List(S.Object({ network: S.String({ description: "a.b.c.d/m.m.m.m or a.b.c.d/len" }) }), {
    description: "Allowed stations: only clients in these networks reach the web server; empty: all",
  }),
});

/** Services → HTTP for people. */
function httpText(r: { running: HttpSettings | null; pending?: HttpSettings | null }): readonly Field[] {
  const rows = (s: HttpSettings | null, when: string): Field[] =>
    s === null
      ? [[`${when}`, "defaults (HTTP 80, HTTPS 443)"]]
      : [
          [`${when} ports`, `HTTP ${s.port === 0 ? "off" : s.port}, HTTPS ${s.httpsPort === 0 ? "off" : s.httpsPort}`],
          [`${when} Force HTTPS`, yesNo(s.forceHttps)],
          [`${when} Mutual TLS`, yesNo(s.mutualTls)],
          [`${when} No Cache`, yesNo(s.noCache)],
          [`${when} Allowed stations`, s.allowedStations.map((a) => a.network).join(", ") || "all"],
        ];
  return [...rows(r.running, "Running"), ...(r.pending === undefined ? [] : rows(r.pending, "Pending"))];
}

/**
 * Services → HTTP (§4.9.3): ports, Force HTTPS, mutual TLS, No Cache and allowed stations. Auditors read it, System
 * Administrators change it (§3.4.2), in the pending configuration until the reset; the node takes new ports, Force
 * HTTPS and mutual TLS when its process starts again (docs/user-guide.md "Services → HTTP").
 */
export const HTTP_COMMANDS: readonly Command[] = [
  command({
    name: "http",
    summary: "Services → HTTP: ports, Force HTTPS, MTLS, No Cache, allowed stations (§4.9.3), running and pending",
    need: "auditor",
    method: "GET",
    path: "/api/http",
    params: {},
    response: S.Object(RunningAndPending(HttpSchema, "the defaults: HTTP 80, HTTPS 443, nothing else set")),
    run: ({ device: d }) => {
      const pending = pendingSection(d, "http");
      return { running: d.config.http ?? null, ...(pending === undefined ? {} : { pending }) };
    },
    ctl: { text: fields(httpText) },
  }),
  command({
    name: "http-set",
    summary: "the http section as JSON, pending until reset (§4.9.3, §4.18.1); 400 with the field",
    need: "system-admin",
    method: "PUT",
    path: "/api/http",
    params: {
      settings: {
        ...body(jsonValue),
        media: "application/json",
        schema: Settings("the http section (§4.9.3), as GET answers it"),
        ctl: { positional: "<http.json>", file: true },
      },
    },
    status: 202,
    response: SectionChange(HttpSchema, "the http section"),
    run: async ({ device: d }, a) => {
      const base = d.editableConfig();
      const http = readSection(HTTP_SECTION, a.settings, base, d.env.clock.now());
      await d.configure({ ...base, http });
      return { pending: http ?? null, note: PENDING_NOTE };
    },
    ctl: { text: pendingSaid("HTTP settings") },
  }),
];
