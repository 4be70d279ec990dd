import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, statSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { IoError } from "../src/core/errors.js";
import { LabCode } from "./errors.js";
import type { LabProcess } from "./LabState.js";

/** How long a process may take to say it listens (a first start makes each device's RSA key). */
const READY_MS = 60_000;
/** How often the log is read while waiting. */
const POLL_MS = 100;
/** SIGTERM first; a process still there after this gets SIGKILL (down). */
export const TERM_GRACE_MS = 5_000;

/** Whether a process with this id exists (signal 0 checks without sending). */
export function alive(pid: number | null): boolean {
  if (pid === null) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but is not ours.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
  return !zombie(pid);
}

/**
 * A process that ended but was not reaped yet: its parent (`up`, gone) left it to PID 1, which in a container may never
 * reap it. It holds no socket and runs nothing, so it counts as gone. Linux's /proc says so; elsewhere it is alive.
 */
function zombie(pid: number): boolean {
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/**
 * Starts `p` detached, in its own process group (so a kill of the group takes every thread and child with it), its
 * stdout and stderr appended to its log; `up` ends while it runs on. Returns once its log says it listens.
 */
export async function startProcess(p: LabProcess): Promise<number> {
  const from = existsSync(p.log) ? statSync(p.log).size : 0;
  const fd = openSync(p.log, "a");
  const child = spawn(process.execPath, [...p.argv], { detached: true, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  const pid = child.pid;
  child.unref();
  if (pid === undefined) throw new IoError(LabCode.Start, `${p.name}: cannot start ${process.execPath}`);
  p.pid = pid;
  let exited: number | null | undefined;
  child.once("exit", (code) => (exited = code));
  const deadline = Date.now() + READY_MS;
  for (;;) {
    const text = readFileSync(p.log, "utf8").slice(from);
    if (text.includes(p.ready)) return pid;
    if (exited !== undefined || Date.now() > deadline) {
      const why = exited !== undefined ? `exited with ${exited}` : `did not listen within ${READY_MS / 1000} s`;
      throw new IoError(LabCode.Start, `${p.name} ${why}: ${lastLines(text)}`, { source: p.log });
    }
    await sleep(POLL_MS);
  }
}

const lastLines = (text: string): string => text.trim().split("\n").slice(-3).join(" | ") || "(no output)";

/**
 * kill -9 of the process's group: no goodbye, as a power cut (a stop fault). Resolves once the process is gone: the
 * kernel tears a large process down after the signal, not at it, and a fault that says "stopped" must be true.
 */
export async function killNow(pid: number): Promise<void> {
  signalGroup(pid, "SIGKILL");
  while (alive(pid)) await sleep(POLL_MS / 10);
}

/** SIGTERM to the group, then SIGKILL to what is left after the grace period; resolves when it is gone. */
export async function stopProcess(pid: number, graceMs = TERM_GRACE_MS): Promise<void> {
  signalGroup(pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (alive(pid) && Date.now() < deadline) await sleep(POLL_MS);
  if (alive(pid)) await killNow(pid);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}
