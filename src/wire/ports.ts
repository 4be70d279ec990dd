/**
 * Default ports, taken from manual 003 App. H (the H.323-era inter-device ports, reused for our protobuf frames).
 */
export const PORTS = {
  /** TCP 1716: Radio -> Master signalling (App. H "1716–1717 TCP Master <- Radio"). */
  MASTER_STREAM: 1716,
  /** UDP 1718: H.225-style datagrams: Standby/Mirror <-> Master probes, radio broadcasts (App. H "1718–1719 UDP"). */
  RAS: 1718,
  /** UDP 1719: plug and play announcements of unconfigured radios, to a multicast group (App. H "1718–1719 UDP"). */
  DISCOVERY: 1719,
  /** TCP 1722: Radio -> PARI Master (App. H "1722–1723 TCP PARI Master <- Radio"). */
  PARI_STREAM: 1722,
  /** TCP 389: LDAP (App. H), e.g. the Active Directory an AD replicator reads (§4.5.3.2). */
  LDAP: 389,
  /** TCP 636: LDAP over TLS (App. H). */
  LDAPS: 636,
  /** TCP 80: HTTP management interface (App. H). Real nodes default to 8080+ to run unprivileged; see docs. */
  HTTP: 80,
  /**
   * UDP 17300: the air service (`ipdect air`) real-node radios send their beacons to. Our lab service, not a device
   * port: App. H has none, because real radios share the actual air. The number lies in App. H's RTP range, which is
   * harmless as the service listens on an address of its own (127.0.0.1 by default).
   */
  AIR: 17300,
  /**
   * UDP 17301: where a radio hears handsets. The DECT air between handset and radio is emulated by datagrams (docs:
   * "Handsets"); like AIR, a lab port of ours, not one of App. H.
   */
  HANDSET: 17301,
} as const;
