import { DecodeError } from "../core/errors.js";
import type { Message } from "../wire/codec.js";
import type { Endpoint } from "../wire/Transport.js";
import { changeFromWire } from "../users/wire.js";
import type { SyncRequest } from "./DirectoryFeed.js";
import { FILTER_TYPES, replicationFilter, type FilterType } from "./protocol.js";
import type { SyncBatch } from "./Replicator.js";
import { WireCode } from "../wire/errors.js";

export type ReplicationEvent =
  { type: "dir.request"; from: Endpoint; request: SyncRequest } | { type: "dir.batch"; batch: SyncBatch };

/** Directory replication messages for the Master role, validated at the edge; undefined for other messages. */
export function toReplicationEvent(msg: Message, from: Endpoint): ReplicationEvent | undefined {
  if (msg.body === "dirSyncRequest") {
    const r = msg.dirSyncRequest;
    const type = (Object.keys(FILTER_TYPES) as FilterType[]).find((k) => FILTER_TYPES[k] === (r.filterType ?? 0));
    if (type === undefined)
      throw new DecodeError(WireCode.MsgInvalid, `unknown filter type ${r.filterType}`, {
        field: "dir_sync_request.filter_type",
      });
    const request: SyncRequest = {
      epoch: r.epoch ?? "",
      usn: r.usn ?? 0,
      user: r.user ?? "",
      proof: r.proof ?? new Uint8Array(0),
      nonce: r.nonce ?? new Uint8Array(0),
      challenge: msg.link?.echo ?? new Uint8Array(0),
      session: r.session ?? 0,
      wants: replicationFilter(type, r.filter ?? ""),
    };
    return { type: "dir.request", from, request };
  }
  if (msg.body === "dirSyncBatch") {
    const b = msg.dirSyncBatch;
    const usn = b.usn ?? 0;
    const changes = (b.changes ?? []).map((c, i) => changeFromWire(c, `dir_sync_batch.changes[${i}]`));
    let prev = b.prevUsn ?? 0;
    for (const c of changes) {
      if (c.usn <= prev || c.usn > usn)
        throw new DecodeError(WireCode.MsgInvalid, "changes out of usn order", { field: "dir_sync_batch.changes" });
      prev = c.usn;
    }
    const batch: SyncBatch = {
      session: b.session ?? 0,
      epoch: b.epoch ?? "",
      full: b.full ?? false,
      prevUsn: b.prevUsn ?? 0,
      usn,
      changes,
      complete: b.complete ?? false,
      refused: b.refused ?? "",
      again: b.again ?? false,
      nonce: msg.link?.challenge ?? new Uint8Array(0),
    };
    return { type: "dir.batch", batch };
  }
  return undefined;
}
