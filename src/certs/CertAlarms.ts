import type { X509Certificate } from "node:crypto";
import { ALARM } from "../core/alarms/index.js";
import type { Clock } from "../core/Clock.js";
import { StateError } from "../core/errors.js";
import type { Alarms } from "../role/Alarms.js";
import { nameOf } from "./certInfo.js";
import { CertsCode } from "./errors.js";
import { expiresSoon, isTimeSet } from "./validity.js";

const EXPIRY = ALARM.CERTIFICATE_EXPIRED_OR_WILL_EXPIRE_SOON;
const TIME_NOT_SET = ALARM.CERTIFICATE_VALIDATION_DISABLED_UNTIL_SYSTEM_TIME_SET;
/** The alarm source of the device certificate's 0x000c1001; trusted ones are `trusted <subject> (<fingerprint>)`. */
const DEVICE_SOURCE = "device certificate";

/** The certificate store's two alarms (§6.2): 0x000c1000 (time not set) and 0x000c1001 (expired or expiring). */
export class CertAlarms {
  readonly #alarms: Alarms;
  readonly #clock: Clock;
  /** Sources of 0x000c1001 raised now. */
  #expiring = new Set<string>();

  constructor(alarms: Alarms, clock: Clock) {
    this.#alarms = alarms;
    this.#clock = clock;
  }

  /**
   * The time a TLS service validates a peer's certificate at. Until the system time is set it cannot: 0x000c1000 is
   * raised and the validation refused (CERTS_TIME_NOT_SET), so the connection fails, as §6.2 says.
   */
  validationTime(): number {
    const now = this.#clock.now();
    if (!isTimeSet(now)) {
      this.#alarms.raise(TIME_NOT_SET);
      throw new StateError(CertsCode.TimeNotSet, "certificate validation is disabled until the system time is set");
    }
    this.#alarms.clear(TIME_NOT_SET);
    return now;
  }

  /**
   * 0x000c1001 for each certificate (the device's, each trusted one) that has expired or expires within 30 days;
   * cleared for those that no longer do. Nothing is judged while the time is not set.
   */
  check(device: X509Certificate | undefined, trusted: readonly X509Certificate[]): void {
    const now = this.#clock.now();
    if (!isTimeSet(now)) return;
    this.#alarms.clear(TIME_NOT_SET);
    const due = new Set([
      ...(device !== undefined && expiresSoon(device, now) ? [DEVICE_SOURCE] : []),
      ...trusted.filter((c) => expiresSoon(c, now)).map((c) => `trusted ${nameOf(c)}`),
    ]);
    for (const s of this.#expiring) if (!due.has(s)) this.#alarms.clear(EXPIRY, s);
    for (const s of due) this.#alarms.raise(EXPIRY, s);
    this.#expiring = due;
  }
}
