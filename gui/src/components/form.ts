import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../api.js";
import { html, type View } from "../html.js";

/** A form's values by field key: text of inputs and selects, booleans of check boxes. */
export type Values = Record<string, string | boolean>;

/**
 * One field of a settings form, with the manual's name as its label. `check` says what is wrong with a value, without
 * the field's name (the form puts the label in front, so every message names its field).
 */
export interface FieldSpec {
  readonly key: string;
  readonly label: string;
  readonly kind: "text" | "password" | "number" | "select" | "checkbox";
  /** select: the values and what the list shows for them. */
  readonly options?: readonly (readonly [string, string])[];
  readonly check?: (value: string, all: Values) => string | undefined;
  /** A line under the field: the limits, the manual's section. */
  readonly hint?: string;
  /** Shown only when this holds (Primary Master IP Address only in Standby mode, §4.6.19). */
  readonly shown?: (all: Values) => boolean;
  /** The field the device names in its error for this one (`master.mode`), when not `key`. */
  readonly server?: string;
}

/** The id of a field's control: stable, so labels and error texts point at it. */
export const fieldId = (key: string): string => `f-${key.replace(/[^\w-]/g, "-")}`;

interface FieldProps {
  readonly spec: FieldSpec;
  readonly value: string | boolean;
  readonly error: string | undefined;
  readonly disabled: boolean;
  readonly onChange: (v: string | boolean) => void;
}

/** One labelled control; its error (naming the field) is announced and tied to it by aria-describedby. */
export function Field({ spec, value, error, disabled, onChange }: FieldProps): View {
  const id = fieldId(spec.key);
  const described = [spec.hint === undefined ? "" : `${id}-hint`, error === undefined ? "" : `${id}-error`]
    .filter((s) => s !== "")
    .join(" ");
  const common = {
    id,
    disabled,
    "aria-invalid": error === undefined ? undefined : "true",
    "aria-describedby": described === "" ? undefined : described,
  };
  const control =
    spec.kind === "checkbox"
      ? html`<input
          type="checkbox"
          ...${common}
          checked=${value === true}
          onChange=${(e: Event) => onChange((e.target as HTMLInputElement).checked)}
        />`
      : spec.kind === "select"
        ? html`<select
            ...${common}
            value=${String(value)}
            onChange=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}
          >
            ${(spec.options ?? []).map(([v, text]) => html`<option value=${v}>${text}</option>`)}
          </select>`
        : html`<input
            type=${spec.kind === "number" ? "text" : spec.kind}
            inputmode=${spec.kind === "number" ? "numeric" : undefined}
            autocomplete=${spec.kind === "password" ? "new-password" : "off"}
            ...${common}
            value=${String(value)}
            onInput=${(e: Event) => onChange((e.target as HTMLInputElement).value)}
          />`;
  return html`<div class=${`field${spec.kind === "checkbox" ? " check" : ""}`}>
    <label for=${id}>${spec.label}</label>
    ${control} ${spec.hint === undefined ? null : html`<small id=${`${id}-hint`}>${spec.hint}</small>`}
    ${error === undefined ? null : html`<p class="error" id=${`${id}-error`} role="alert">${error}</p>`}
  </div>`;
}

/** What a form's submit answers: a line to show. */
export type Submit = (values: Values) => Promise<string>;

interface FormProps {
  readonly title: string;
  readonly specs: readonly FieldSpec[];
  readonly initial: Values;
  /** Absent: a read-only view (an Auditor, §3.4.3). */
  readonly onSubmit?: Submit;
  readonly submitLabel?: string;
  /** A dialog's form: the keyboard starts in its first field. */
  readonly focusFirst?: boolean;
  readonly children?: View;
}

/** `errors` without the one of `key`: a field being corrected shows its problem no more. */
export const withoutKey = (errors: Record<string, string>, key: string): Record<string, string> => {
  const { [key]: _fixed, ...rest } = errors;
  return rest;
};

/** The first problem of `values` by the specs' checks, as `{ key: "<Label>: <why>" }`. */
export function checkValues(specs: readonly FieldSpec[], values: Values): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const s of specs) {
    if (s.shown !== undefined && !s.shown(values)) continue;
    const why = s.check?.(String(values[s.key] ?? ""), values);
    if (why !== undefined) errors[s.key] = `${s.label}: ${why}`;
  }
  return errors;
}

/** The spec an error of the device names: by its server field (`master.mode`) or its key. */
function specOf(specs: readonly FieldSpec[], field: string | undefined): FieldSpec | undefined {
  if (field === undefined) return undefined;
  return (
    specs.find((s) => (s.server ?? s.key) === field) ?? specs.find((s) => field.startsWith(`${s.server ?? s.key}`))
  );
}

/**
 * A settings form: labelled fields, checked in the browser first (each message names its field), then sent; an error
 * of the device that names a field goes under that field with the field's label, any other above the button.
 */
export function SettingsForm({ title, specs, initial, onSubmit, submitLabel, focusFirst, children }: FormProps): View {
  const [values, setValues] = useState<Values>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const readOnly = onSubmit === undefined;
  // A submit may close the form (a dialog's OK): nothing is set on it once it is gone.
  const mounted = useRef(true);
  const form = useRef<HTMLFormElement>(null);
  // Before the first paint (a layout effect): focusing may scroll the page, and a scroll after the dialog is shown
  // moves its buttons under a click already aimed at them (the OK that did nothing, in tests and for quick hands).
  useLayoutEffect(() => {
    if (focusFirst === true) form.current?.querySelector<HTMLElement>("input, select")?.focus();
  }, [focusFirst]);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const submit = async (e: Event) => {
    e.preventDefault();
    if (onSubmit === undefined) return;
    const found = checkValues(specs, values);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setMessage({ ok: false, text: "Not saved: correct the fields marked." });
      return;
    }
    setBusy(true);
    try {
      const done = await onSubmit(values);
      if (mounted.current) setMessage({ ok: true, text: done });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (!mounted.current) return;
      // The device names the field (api.ts), and its reason may start with the field's label already.
      const why =
        err.field === undefined
          ? err.message
          : err.message.slice(err.message.indexOf(`${err.field}: `) + err.field.length + 2);
      const labelled = specs.find((s) => why.startsWith(`${s.label}: `));
      const spec = specOf(specs, err.field) ?? labelled;
      if (spec !== undefined)
        setErrors({ [spec.key]: why.startsWith(`${spec.label}: `) ? why : `${spec.label}: ${why}` });
      setMessage({ ok: false, text: spec === undefined ? err.message : "Not saved: correct the field marked." });
    } finally {
      if (mounted.current) setBusy(false);
    }
  };
  return html`<form class="settings" ref=${form} aria-label=${title} onSubmit=${submit} novalidate>
    ${specs
      .filter((s) => s.shown === undefined || s.shown(values))
      .map(
        (s) =>
          html`<${Field}
            key=${s.key}
            spec=${s}
            value=${values[s.key] ?? ""}
            error=${errors[s.key]}
            disabled=${readOnly}
            onChange=${(v: string | boolean) => {
              setValues({ ...values, [s.key]: v });
              setErrors(withoutKey(errors, s.key));
            }}
          />`,
      )}
    ${children}
    ${
      readOnly
        ? html`<p class="note">Read only: your access level may view these settings (§3.4.3).</p>`
        : html`<div class="actions"><button type="submit" disabled=${busy}>${submitLabel ?? "OK"}</button></div>`
    }
    ${
      message === undefined
        ? null
        : html`<p class=${message.ok ? "done" : "error"} role=${message.ok ? "status" : "alert"}>${message.text}</p>`
    }
  </form>`;
}
