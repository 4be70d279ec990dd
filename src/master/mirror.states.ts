import { SWEEP_MS } from "./MasterCore.js";
import { deadlineAt, masterSetup, whileServing } from "./masterSetup.js";

/** With no known radios the fence has no end (Infinity): it looks again this often. */
const FENCE_IDLE_MS = SWEEP_MS * 4;

/** An inactive Mirror's answer to a probe: not serving, so it promises not to activate (MirrorPair.answerFields). */
const answerInactive = { type: "answerProbe", params: { joining: false, serving: false } } as const;

/** Sends `peer.silent` once the peer has been silent for the detection time (at once when it was never heard). */
const peerSilence = {
  src: "deadline",
  input: deadlineAt("peer.silent", (core) => core.peer.aliveUntil(core.cfg.masterLostMs)),
} as const;

/**
 * The peer is silent: once this side's own promise not to activate has run out, it takes over by itself when it holds
 * leases on a majority of the known radios (docs/design.md "Mirror fencing"), counted at the sweep. A word
 * from the peer ends the silence. `heard`: what a probe answer does besides; `takeOver`: what the sweep that takes
 * over does besides sweeping (the tick of the enclosing state does the sweep otherwise).
 */
function peerSilent(
  heard: readonly ("notePeer" | "checkPeerId" | "releaseHeld")[],
  takeOver: readonly "mirrorAutoActivates"[],
) {
  return masterSetup.createStateConfig({
    on: {
      "peer.reply": { target: "inContact", actions: [...heard] },
      "peer.probe": { target: "inContact", actions: ["notePeer", "checkPeerId", answerInactive] },
    },
    initial: "promised",
    states: {
      promised: {
        invoke: { src: "deadline", input: deadlineAt("mirror.promiseOver", (core) => core.pair.noActivateUntil) },
        on: { "mirror.promiseOver": "free" },
      },
      free: {
        on: { tick: { guard: "holdsMajority", target: "#master.mirror.active", actions: ["sweep", ...takeOver] } },
      },
    },
  });
}

const inactiveSilent = peerSilent(["notePeer", "checkPeerId", "releaseHeld"], ["mirrorAutoActivates"]);

/**
 * Mirror mode (manual 003 §4.6.19; docs/design.md "Mirror fencing"): two peers, at most one active. "Activate
 * mirror" and "switch active mirror" move the role by asking the other side to yield first. Without contact, a
 * Mirror becomes or stays active only while it holds leases on a majority of the known radios, or the peer's promise
 * not to activate. The claim times out by a named delay; every other deadline is a deadline actor reading the time
 * it waits for from MirrorPair / PeerView. The radio majority and the resume rule are looked at with the sweep.
 */
export const mirrorStates = masterSetup.createStateConfig({
  initial: "inactive",
  states: {
    inactive: {
      entry: { type: "stateIs", params: { state: "inactive" } },
      on: {
        tick: { actions: ["sweep", { type: "probe", params: { serving: false } }] },
        "peer.reply": { actions: ["notePeer", "checkPeerId", "releaseHeld"] },
        "mirror.data": { actions: "adoptData" },
        "cmd.activateMirror": { target: "claiming", actions: { type: "beginClaim", params: { overwrite: true } } },
        "mirror.takeOver": { target: "claiming", actions: { type: "beginClaim", params: { overwrite: false } } },
      },
      initial: "inContact",
      states: {
        // Heard within the detection time: both sides inactive and quiet for a detection time, the one that was
        // active most recently resumes through the yield handshake ("Liveness"), at the next sweep.
        inContact: {
          invoke: peerSilence,
          on: {
            "peer.silent": "peerSilent",
            // Yielding restarts the quiet spell.
            "mirror.yieldRequest": {
              target: ".settling",
              actions: { type: "answerYield", params: { serving: false } },
            },
          },
          initial: "settling",
          states: {
            settling: {
              invoke: { src: "deadline", input: deadlineAt("mirror.quiet", (core) => core.pair.quietUntil()) },
              on: { "mirror.quiet": "settled" },
            },
            settled: {
              on: {
                tick: {
                  guard: "mayResume",
                  target: "#master.mirror.claiming",
                  actions: [
                    "sweep",
                    { type: "probe", params: { serving: false } },
                    { type: "beginClaim", params: { overwrite: false } },
                  ],
                },
              },
            },
          },
        },
        peerSilent: {
          ...inactiveSilent,
          on: {
            ...inactiveSilent.on,
            // Yielding renews this side's promise.
            "mirror.yieldRequest": {
              target: ".promised",
              actions: { type: "answerYield", params: { serving: false } },
            },
          },
        },
      },
    },
    claiming: {
      entry: { type: "stateIs", params: { state: "claiming" } },
      after: { claimTimeout: { target: "inactive", actions: "claimFailed" } },
      on: {
        "mirror.yieldReply": { guard: "claimGranted", target: "active", actions: "takeYield" },
        tick: { actions: ["sweep", { type: "probe", params: { serving: false } }, "resendClaim"] },
        // A side that is itself claiming gives its claim up when it yields.
        "mirror.yieldRequest": [
          { guard: "mayYield", target: "inactive", actions: { type: "answerYield", params: { serving: false } } },
          { actions: { type: "answerYield", params: { serving: false } } },
        ],
        "mirror.data": { actions: "adoptData" },
      },
      initial: "inContact",
      states: {
        inContact: { invoke: peerSilence, on: { "peer.silent": "peerSilent" } },
        peerSilent: peerSilent(["notePeer", "checkPeerId"], []),
      },
    },
    active: {
      tags: "serving",
      entry: "mirrorActivates",
      // fence: fires when this side's right to be active runs out (it only grows, so it is re-read lazily).
      invoke: {
        src: "deadline",
        input: deadlineAt("fence.expired", (core) => core.pair.fenceValidUntil(), FENCE_IDLE_MS),
      },
      on: {
        ...whileServing,
        tick: { actions: ["sweep", { type: "probe", params: { serving: true } }] },
        "fence.expired": { target: "inactive", actions: "mirrorFenced" },
        "mirror.yieldRequest": [
          { guard: "newerTerm", target: "inactive", actions: "mirrorYields" },
          { actions: { type: "answerYield", params: { serving: true } } },
        ],
        "peer.reply": [
          {
            guard: "peerActiveNewer",
            target: "inactive",
            actions: ["notePeer", "resyncData", "checkPeerId", "mirrorStepsDownForNewer"],
          },
          { actions: ["notePeer", "resyncData", "checkPeerId"] },
        ],
        "peer.probe": [
          {
            guard: "peerActiveNewer",
            target: "inactive",
            actions: ["notePeer", "checkPeerId", "mirrorStepsDownForNewer", answerInactive],
          },
          { actions: whileServing["peer.probe"].actions },
        ],
        "cmd.activateMirror": { actions: "pushData" },
        "cmd.switchMirror": { actions: "switchToPeer" },
      },
    },
  },
});
