/** What a radio broadcasts over the air, as far as this version models it. */
export interface Beacon {
  readonly rfpis: readonly string[];
  readonly systemId: number;
  /** The system's air domain (see PariPersisted.domain): radios of one system share it. */
  readonly domain: number;
}

/**
 * The radio air around one device (sim world: sim/AirView). A radio publishes its beacon while it is on air and
 * hears the beacons of radios in range.
 */
export interface Air {
  publish(beacon: Beacon | undefined): void;
  heard(): readonly Beacon[];
}
