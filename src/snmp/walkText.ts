import { IPDECT_OIDS, type IpdectName } from "./ipdectOids.js";
import { compareOid, type Oid, type SnmpValue, type Varbind } from "./mibView.js";

/** Longest name of the table that is a prefix of `oid`, and the rest: `ipdectRadioName.3`. */
function nameOf(oid: Oid): string {
  let best: { name: IpdectName; length: number } | undefined;
  for (const [name, prefix] of Object.entries(IPDECT_OIDS) as [IpdectName, Oid][]) {
    if (prefix.length > oid.length || (best !== undefined && prefix.length <= best.length)) continue;
    if (compareOid(oid.slice(0, prefix.length), prefix) === 0) best = { name, length: prefix.length };
  }
  return best === undefined ? "" : [`IPDECT-MIB::${best.name}`, ...oid.slice(best.length)].join(".");
}

function valueText(v: SnmpValue): string {
  if (v.type === "OctetString")
    return typeof v.value === "string"
      ? `STRING: ${JSON.stringify(v.value)}`
      : `Hex-STRING: ${[...v.value].map((b) => b.toString(16).padStart(2, "0").toUpperCase()).join(" ")}`;
  if (v.type === "ObjectIdentifier") return `OID: .${v.value.join(".")}`;
  return `${v.type}: ${String(v.value)}`;
}

/** A walk as `snmpwalk -On` would print it, with the IPDECT-MIB name after each OID: `ipdect sim --snmp-walk`. */
export function walkText(varbinds: readonly Varbind[]): string {
  return varbinds.map((v) => `.${v.oid.join(".")} ${nameOf(v.oid)} = ${valueText(v.value)}\n`).join("");
}
