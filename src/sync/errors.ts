import { DecodeError, errorCodes, StateError } from "../core/errors.js";

/** The sync area's error codes (docs/errors.md): the Air Sync Overview's commands (§4.12), sync reports on the wire. */
export const SyncCode = errorCodes("sync", {
  SyncNoMaster: {
    code: "SYNC_NO_MASTER",
    class: StateError,
    meaning: "resync of a region without an active sync master (§4.12.1)",
  },
  SyncNoReference: {
    code: "SYNC_NO_REFERENCE",
    class: StateError,
    meaning: "resync of a region whose sync master has no Reference RFPI (§4.12.1)",
  },
  SyncReferenceRefused: {
    code: "SYNC_REFERENCE_REFUSED",
    class: StateError,
    meaning: "resync to a reference that is refused because it would close a sync ring (§4.11.3, §4.12.1)",
  },
  SyncNoRegion: { code: "SYNC_NO_REGION", class: StateError, meaning: "clear of a region no radio reports (§4.12.1)" },
  SyncCarriers: {
    code: "SYNC_CARRIERS",
    class: DecodeError,
    meaning: "enabled carriers empty, repeated or not of the frequency band (§4.6.6, §4.6.7)",
  },
  SyncOverviewInput: {
    code: "SYNC_OVERVIEW_INPUT",
    class: DecodeError,
    meaning: "an Air Sync Overview file that is neither GET /api/sync JSON nor a fleet report (§4.12.1)",
  },
  MsgBadEnum: { code: "MSG_BAD_ENUM", class: DecodeError, meaning: "a sync report with an unknown enumeration value" },
  MsgListTooLong: { code: "MSG_LIST_TOO_LONG", class: DecodeError, meaning: "a sync report list over 255 items" },
  MsgOutOfRange: { code: "MSG_OUT_OF_RANGE", class: DecodeError, meaning: "a sync report number out of its range" },
  MsgNotFinite: { code: "MSG_NOT_FINITE", class: DecodeError, meaning: "a sync report number that is not finite" },
});
