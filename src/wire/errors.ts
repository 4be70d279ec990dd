import { DecodeError, errorCodes } from "../core/errors.js";

/**
 * The wire area's error codes (docs/errors.md): frames and envelopes that do not decode (docs/design.md "Wire"), and
 * the checks of a received message that several roles share. A role's own checks have their codes in its folder.
 */
export const WireCode = errorCodes("wire", {
  FrameShort: { code: "FRAME_SHORT", class: DecodeError, meaning: "a frame shorter than its 8-byte header" },
  FrameMagic: { code: "FRAME_MAGIC", class: DecodeError, meaning: 'a frame that does not start with "ID"' },
  FrameVersion: { code: "FRAME_VERSION", class: DecodeError, meaning: "a frame of a version other than 1" },
  FrameFlags: { code: "FRAME_FLAGS", class: DecodeError, meaning: "a frame with flags other than 0" },
  FrameCrc: { code: "FRAME_CRC", class: DecodeError, meaning: "a frame whose payload fails its CRC-32" },
  StreamLength: {
    code: "STREAM_LENGTH",
    class: DecodeError,
    meaning: "a frame length on a stream under 8 bytes or over 1 MiB: the stream is closed",
  },
  FrameProtobuf: {
    code: "FRAME_PROTOBUF",
    class: DecodeError,
    meaning: "a payload that is not an Envelope of proto/ipdect.proto",
  },
  FrameNoBody: { code: "FRAME_NO_BODY", class: DecodeError, meaning: "an Envelope that carries no message" },
  FrameUnknownFields: {
    code: "FRAME_UNKNOWN_FIELDS",
    class: DecodeError,
    meaning: "a message with protobuf fields this version does not know: a peer of another version",
  },
  FrameNameTooLong: {
    code: "FRAME_NAME_TOO_LONG",
    class: DecodeError,
    meaning: "an Envelope whose from_device is too long",
  },
  MsgBadMac: { code: "MSG_BAD_MAC", class: DecodeError, meaning: "a MAC field of a message that is not 6 bytes" },
  MsgInvalid: {
    code: "MSG_INVALID",
    class: DecodeError,
    meaning: "a directory, replication or handset message with a field that breaks its rule",
  },
  MsgTextTooLong: {
    code: "MSG_TEXT_TOO_LONG",
    class: DecodeError,
    meaning: "a text field of a message over 64 characters",
  },
  LinkUnsealed: {
    code: "LINK_UNSEALED",
    class: DecodeError,
    meaning:
      'a frame between devices that is not sealed (only handset air and plug-and-play datagrams may be): docs/design.md "Device links"',
  },
  LinkStamp: {
    code: "LINK_STAMP",
    class: DecodeError,
    meaning:
      'a sealed frame whose link stamp is cut short or has flags this version does not know (src/wire/stamp.ts): docs/design.md "Device links"',
  },
  LinkTag: {
    code: "LINK_TAG",
    class: DecodeError,
    meaning:
      "a sealed frame whose tag does not match: forged or altered, sent to another device, or sealed with another DECT system name/password (§4.6.1)",
  },
  LinkReplay: {
    code: "LINK_REPLAY",
    class: DecodeError,
    meaning: "a sealed frame whose sequence number was taken already or is too old: a replay or a late duplicate",
  },
  LinkChallenge: {
    code: "LINK_CHALLENGE",
    class: DecodeError,
    meaning:
      "a sealed frame that does not echo this device's challenge for the sender's boot: a replay from another boot or connection, or a first contact (a LinkHello answers it)",
  },
  MsgBadRegion: {
    code: "MSG_BAD_REGION",
    class: DecodeError,
    meaning: "a sync region in a message out of 0..249 (§3.3.5)",
  },
});
