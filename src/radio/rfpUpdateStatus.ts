import { parseUpdateUrl, urlForLog } from "../update/updateUrl.js";
import type { RfpFirmware } from "./rfpFirmware.js";
import type { RfpProgress } from "./rfpUpdateFlash.js";
import type { RfpUpdateCore } from "./RfpUpdateCore.js";
import { localMs, scheduleText } from "./rfpUpdateFlash.js";

/** Update → RFPs (§4.18.4) and RFP_UPDATE0 (App. A.1.7) as the status model shows them. */
export interface RfpUpdateStatus {
  /** The chart's state: `idle`, `scheduled` (waiting for its time) or `running`. */
  readonly state: string;
  /** The parameters for the next start: the firmware URL (without its password) or "uploaded file", select, schedule. */
  readonly firmware?: string;
  readonly select?: readonly number[];
  readonly schedule?: string;
  /** The firmware file in hand. */
  readonly file?: RfpFirmware;
  /** The update started last, with each selected RFP's progress; kept after it ended until the next start. */
  readonly order?: {
    readonly version: string;
    readonly file: string;
    readonly source: string;
    readonly at?: string;
    readonly idle: boolean;
    readonly sequence: boolean;
    readonly ports: readonly RfpProgress[];
  };
}

export function rfpUpdateStatus(core: RfpUpdateCore, state: string): RfpUpdateStatus {
  const { params, file, order } = core.state;
  const f = params.firmware;
  return {
    state,
    ...(f === undefined
      ? {}
      : { firmware: "url" in f ? urlForLog(parseUpdateUrl(f.url, "RFP_UPDATE0 firmware")) : "uploaded file" }),
    ...(params.ports === undefined ? {} : { select: params.ports }),
    ...(params.at === undefined ? {} : { schedule: scheduleText(localMs(params.at)) }),
    ...(file === undefined ? {} : { file }),
    ...(order === undefined
      ? {}
      : {
          order: {
            version: order.firmware.version,
            file: order.firmware.name,
            source: order.firmware.source,
            ...(order.at === undefined ? {} : { at: scheduleText(order.at) }),
            idle: order.idle,
            sequence: order.sequence,
            ports: order.ports,
          },
        }),
  };
}
