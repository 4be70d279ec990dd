import { html, type View } from "../html.js";

/** A read-only fact of a page: its name and value; an undefined value leaves the line out. */
export type Fact = readonly [string, View | undefined];

/** Facts of a page (a status, the settings in force) as a description list. */
export function Facts({ items, label }: { readonly items: readonly Fact[]; readonly label?: string }): View {
  return html`<dl class="facts" aria-label=${label}>
    ${items
      .filter(([, v]) => v !== undefined)
      .map(
        ([term, v]) =>
          html`<dt>${term}</dt>
            <dd>${v}</dd>`,
      )}
  </dl>`;
}

/** A switch as a fact. */
export const yesNo = (b: boolean): string => (b ? "yes" : "no");
