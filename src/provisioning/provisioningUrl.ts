import { DecodeError } from "../core/errors.js";
import { parseServerUrl, type ServerUrlRules, type UpdateUrl } from "../update/updateUrl.js";
import { ProvisioningCode } from "./errors.js";

/**
 * Seed 002 "URL": "Accepted format of URL is: [<protocol>://[<username>:<password>@]]<host>[:<port>][/<path>]", with
 * the examples `10.0.0.10`, `tftp://provisioning.test.com`, `ftp://user:password@provisioning.example.com` and
 * `https://server.example.com:10443/boot`. A URL without a protocol is TFTP: DHCP's option 66, where such a URL comes
 * from, is the "TFTP server name" (seed 002 "DHCP Server"; RFC 2132 §9.4).
 */
const PROVISIONING_SERVER: ServerUrlRules = {
  schemes: ["tftp", "ftp", "http", "https"],
  schemesRule: "the provisioning server is reached by FTP, TFTP, HTTP or HTTPS (seed 002)",
  hostNames: true,
  defaultScheme: "tftp",
  fail: (where, why) => {
    throw new DecodeError(ProvisioningCode.Url, why, { source: where });
  },
};

/** A provisioning server URL (seed 002); throws DecodeError PROV_URL naming `where`, the password masked. */
export function parseProvisioningUrl(text: string, where: string): UpdateUrl {
  return parseServerUrl(text, where, PROVISIONING_SERVER);
}

/**
 * The URL of a file on the provisioning server: the server URL is the folder the files are in (seed 002: the
 * device fetches `<MAC>-config.xml`, `<MAC>-users.xml`, `<firmware>.ver` and `<firmware>` from it), so the file
 * name is added after a `/`. `name` is a file name, never a path.
 */
export function provisioningFile(server: UpdateUrl, name: string): UpdateUrl {
  const slash = (s: string) => (s.endsWith("/") ? s : `${s}/`);
  const path = `${slash(server.path)}${encodeURIComponent(name)}`;
  return { ...server, path, text: `${slash(server.text)}${encodeURIComponent(name)}` };
}
