import { DecodeError, errorCodes, IoError } from "../../core/errors.js";

/** The platform area's error codes (docs/errors.md): flash, the air service and LDAP servers of a real node. */
export const PlatformCode = errorCodes("platform", {
  StoreKey: { code: "STORE_KEY", class: IoError, meaning: "a store key that is not a relative path of names" },
  StoreRead: { code: "STORE_READ", class: IoError, meaning: "a file under the data folder (flash) cannot be read" },
  StoreWrite: {
    code: "STORE_WRITE",
    class: IoError,
    meaning: "a file under the data folder (flash) cannot be written",
  },
  AirNotHeard: {
    code: "AIR_NOT_HEARD",
    class: DecodeError,
    meaning: "the air service answered with a message other than air_heard",
  },
  LdapConnect: {
    code: "LDAP_CONNECT",
    class: IoError,
    meaning: "the Active Directory server cannot be reached or refuses the bind (§4.5.3.2 steps 4, 6)",
  },
  TlsNotReady: {
    code: "TLS_NOT_READY",
    class: IoError,
    meaning: "a TLS server (HTTPS, LDAPS, SIPS) started before the device has a certificate (§4.1.10.4.1)",
  },
  AdToken: {
    code: "AD_TOKEN",
    class: IoError,
    meaning: "the domain controller shows no user of that name, or not its groups (tokenGroupsGlobalAndUniversal)",
  },
  LdapBase: {
    code: "LDAP_BASE",
    class: IoError,
    meaning: "no naming context of the Active Directory server holds the search base (§4.5.3.2 step 5)",
  },
  LdapChanges: {
    code: "LDAP_CHANGES",
    class: IoError,
    meaning:
      "the LDAP server tells no change state: neither Active Directory's highestCommittedUSN nor OpenLDAP syncprov's contextCSN",
  },
  DnsServer: {
    code: "DNS_SERVER",
    class: IoError,
    meaning: "ipdect dns: dnsmasq cannot start (not installed, its address and port cannot be had) or does not answer",
  },
  DhcpInterface: {
    code: "DHCP_INTERFACE",
    class: IoError,
    meaning:
      'ipdect dhcp-probe: no such network interface, one without an Ethernet address, or one the broadcast 255.255.255.255 does not leave by (docs/design.md "DHCP (App. I)")',
  },
  DhcpNoAnswer: {
    code: "DHCP_NO_ANSWER",
    class: IoError,
    meaning:
      "no DHCP server answered the DHCPDISCOVER or DHCPREQUEST in the time given (RFC 2131 §4.1 retransmissions)",
  },
  DhcpNak: {
    code: "DHCP_NAK",
    class: IoError,
    meaning: "the DHCP server refused the address it had offered (DHCPNAK, RFC 2131 §4.3.2)",
  },
});
