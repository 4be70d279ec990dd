/**
 * The GUI's one way to the device: its JSON API under /api (docs/user-guide.md "Management API"). The session cookie of
 * the form login (POST /api/login) goes with every call; an answer 401 means the session ended (§3.4.6 logout, §4.1.4
 * automatic logout) and sends the GUI back to its login page.
 */

/** §3.4.2 access levels, as the API names them. */
export type Level = "auditor" | "user-admin" | "system-admin";

/** A CSV row the device refused (§3.14.3), with why. */
export interface RejectedRow {
  readonly row: number;
  readonly reason: string;
}

/** An error answer `{ error: { code, message } }`, with the field it names when the message says one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** `master.mode`, `proxy`: the field of the request body the device named. */
    readonly field?: string,
    readonly rejected?: readonly RejectedRow[],
    /** Seconds, from Retry-After (§3.4.5.1 login block). */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

let loggedOut: (notice?: string) => void = () => undefined;

/** `f` runs when a call answers 401 (the session is gone) or a page ends the session, with what to tell. */
export function onLoggedOut(f: (notice?: string) => void): void {
  loggedOut = f;
}

/** A reset starts the device again without its sessions (§4.24): back to the login page, saying why. */
export function sessionEnded(notice: string): void {
  loggedOut(notice);
}

/** What the login page says when a call finds the session gone (undefined: nothing). */
let endNotice: string | undefined = undefined;

/**
 * A page that expects the device to reset on its own (the PARI Master's site upgrade ends with its own reset) says why
 * the session will end, whichever call finds it gone; undefined when it no longer expects it.
 */
export function expectSessionEnd(notice: string | undefined): void {
  endNotice = notice;
}

/** A request body: JSON from a value, text (native configuration, CSV) or a file (a certificate) as it is. */
export type Body = { readonly json: unknown } | { readonly text: string } | { readonly file: Blob };

/**
 * The device names a field as `request body: <field>: <why>` (its configuration readers' locator) or `<field>: <why>`
 * (a field of a JSON body).
 */
const FIELD = /^(?:request body: )?([\w.[\]"]+): /;

async function send(method: string, path: string, body?: Body): Promise<Response> {
  const init: RequestInit = { method, headers: { accept: "application/json" } };
  if (body !== undefined)
    init.body = "json" in body ? JSON.stringify(body.json) : "text" in body ? body.text : body.file;
  // A device that does not answer (restarting, a connection cut) is an error a page shows like any other, not an
  // exception that leaves a form silent.
  const res = await fetch(path, init).catch((e: unknown) => {
    throw new ApiError(0, "NETWORK", `The device did not answer: ${e instanceof Error ? e.message : String(e)}`);
  });
  if (res.ok) return res;
  const answer = (await res.json().catch(() => ({}))) as {
    error?: { code?: string; message?: string };
    rejected?: RejectedRow[];
  };
  const code = answer.error?.code ?? `HTTP_${res.status}`;
  const message = answer.error?.message ?? res.statusText;
  const retry = res.headers.get("retry-after");
  const err = new ApiError(
    res.status,
    code,
    message,
    FIELD.exec(message)?.[1],
    answer.rejected,
    retry === null ? undefined : Number(retry),
  );
  // The login form's own refusals are its business; elsewhere a 401 means the session ended.
  if (res.status === 401 && path !== "/api/login") loggedOut(endNotice);
  throw err;
}

/** The JSON answer of a call. */
export async function call<T>(method: string, path: string, body?: Body): Promise<T> {
  return (await (await send(method, path, body)).json()) as T;
}

/** The text answer of a call (CSV, SVG, PEM): a GET unless `method` says otherwise. */
export async function callText(path: string, method = "GET", body?: Body): Promise<string> {
  return (await send(method, path, body)).text();
}

export const get = <T>(path: string): Promise<T> => call<T>("GET", path);
