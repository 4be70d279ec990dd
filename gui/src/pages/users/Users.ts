import { useState } from "preact/hooks";
import { ApiError, call, callText, get, type RejectedRow } from "../../api.js";
import { SortTable, type Column } from "../../components/SortTable.js";
import { html, type View } from "../../html.js";
import { download } from "../../download.js";
import { useLoad } from "../../load.js";
import { UserForm, type UserRow } from "./UserForm.js";
import { ParkCodes } from "./ParkCodes.js";

/** How many matching users the list shows at once; a longer list asks for a narrower search. */
const LIST_LIMIT = 500;

const COLUMNS: readonly Column<UserRow>[] = [
  { key: "longName", label: "Long Name", value: (u) => u.longName },
  { key: "name", label: "Name", value: (u) => u.name ?? "" },
  { key: "number", label: "Number", value: (u) => u.number },
  { key: "displayName", label: "Display Name", value: (u) => u.displayName ?? "" },
  { key: "ipei", label: "IPEI/IPDI", value: (u) => u.ipei ?? "" },
  { key: "authCode", label: "Auth. Code", value: (u) => u.authCode },
];

/** §4.10.2: users whose Long Name begins with `prefix` (letter case aside); empty: all. */
export const byLongNamePrefix = (users: readonly UserRow[], prefix: string): readonly UserRow[] => {
  const p = prefix.trim().toLocaleLowerCase();
  return users.filter((u) => u.longName.toLocaleLowerCase().startsWith(p));
};

/** §3.14.3 import: the whole file or nothing; a refused file lists its refused rows. */
export function ImportCsv({
  path,
  onImported,
}: {
  readonly path: string;
  readonly onImported: (n: number) => void;
}): View {
  const [file, setFile] = useState<File | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (file === undefined) return setError(new ApiError(0, "NO_FILE", "CSV file: choose a file"));
    setBusy(true);
    try {
      const r = await call<{ count: number }>("POST", path, { file });
      setError(undefined);
      onImported(r.count);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const rejected: readonly RejectedRow[] = error?.rejected ?? [];
  return html`<form class="inline" aria-label="Import" onSubmit=${submit}>
    <label for="import-file">CSV file</label>
    <input
      id="import-file"
      type="file"
      accept=".csv,text/csv"
      onChange=${(e: Event) => setFile((e.target as HTMLInputElement).files?.[0])}
    />
    <button type="submit" disabled=${busy}>Import</button>
    ${
      error === undefined
        ? null
        : html`<div role="alert" class="error">
            <p>Nothing imported: ${error.message}</p>
            ${
              rejected.length === 0
                ? null
                : html`<ul>
                    ${rejected.slice(0, 20).map((r) => html`<li>Row ${r.row}: ${r.reason}</li>`)}
                  </ul>`
            }
          </div>`
    }
  </form>`;
}

/**
 * Users → Users (§4.10.1–§4.10.6): search by the beginning of the Long Name, New and Edit (§3.14), import and export as
 * CSV (§3.14.3, §4.10.6). The list's headings sort it.
 */
export function UsersSection(): View {
  const users = useLoad(() => get<UserRow[]>("/api/users"));
  const [prefix, setPrefix] = useState("");
  const [search, setSearch] = useState<string | undefined>(undefined);
  const [editing, setEditing] = useState<UserRow | "new" | undefined>(undefined);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const done = (text: string) => {
    setEditing(undefined);
    setMessage(text);
    users.reload();
  };
  const exportCsv = async () => download("users.csv", await callText("/api/users/export"), "text/csv");
  const all = users.data ?? [];
  const shown = search === undefined ? [] : byLongNamePrefix(all, search);
  const columns: readonly Column<UserRow>[] = [
    {
      ...COLUMNS[0]!,
      cell: (u) => html`<button type="button" class="link" onClick=${() => setEditing(u)}>${u.longName}</button>`,
    },
    ...COLUMNS.slice(1),
  ];
  return html`<section aria-labelledby="users-title">
    <h2 id="users-title">Users</h2>
    <${ParkCodes} />
    <form
      class="inline"
      aria-label="Search"
      onSubmit=${(e: Event) => {
        e.preventDefault();
        setSearch(prefix);
      }}
    >
      <label for="search-long-name">Long Name</label>
      <input
        id="search-long-name"
        value=${prefix}
        onInput=${(e: Event) => setPrefix((e.target as HTMLInputElement).value)}
      />
      <button type="submit">Show</button>
      <button type="button" class="secondary" onClick=${() => setEditing("new")}>New</button>
      <button type="button" class="secondary" onClick=${exportCsv}>Export</button>
    </form>
    <${ImportCsv} path="/api/users/import" onImported=${(n: number) => done(`Imported ${n} users.`)} />
    ${message === undefined ? null : html`<p class="done" role="status">${message}</p>`}
    ${users.error === undefined ? null : html`<p class="error" role="alert">${users.error.message}</p>`}
    ${
      editing === undefined
        ? null
        : html`<${UserForm}
            key=${editing === "new" ? "new" : editing.number}
            user=${editing === "new" ? undefined : editing}
            onDone=${done}
            onCancel=${() => setEditing(undefined)}
          />`
    }
    ${
      search === undefined
        ? html`<p class="note">
            ${all.length} users. Enter the beginning of a Long Name, or nothing for all, and Show (§4.10.2).
          </p>`
        : html`<${SortTable}
            caption=${`Users whose Long Name begins with "${search}": ${shown.length}`}
            columns=${columns}
            rows=${shown}
            rowKey=${(u: UserRow) => u.number}
            limit=${LIST_LIMIT}
          />`
    }
  </section>`;
}
