/**
 * The native text form (`config change MODULE /option value …`, manual App. A, C, J): what one module of it is and how
 * its options map onto the model. Each role declares its modules beside its settings (e.g. src/master/settings.ts);
 * src/config/nativeModules.ts lists them in the order formatNativeText writes them.
 */

/** `text` values stay strings, `number` values become numbers when they look like one, flags take no value. */
export type NativeOptionType = "text" | "number" | "flag";

export interface NativeOption {
  /** As written in the native text, e.g. `/probe-interval`. */
  readonly name: string;
  /** The model field it sets, inside the module's section (or at the top level when the module has none). */
  readonly field: string;
  /**
   * Set when the field is a list and the option sets one item of it: `/alt-proxy2` is item 1 of `altProxies`. `rem`
   * clears the item (and the items after it that are empty too); the reader refuses a gap.
   */
  readonly index?: number;
  readonly type: NativeOptionType;
  /** For flags: the value the flag sets (`/enable` → true, `/disable` → false). */
  readonly flagValue?: boolean;
  /** The value deviceFromObject fills in when the option is absent; formatNativeText omits options equal to it. */
  readonly default?: string | number | boolean;
}

export interface NativeModule {
  readonly module: string;
  /** Sub-id after the module name (`IP0 ETH0`); only IP0 has one. */
  readonly sub?: string;
  /** How the module is named in messages and output: `MASTER0`, `IP0 ETH0`. */
  readonly label: string;
  /**
   * The model section the module owns, as a dotted path (`ldap.server` is `cfg.ldap.server`); undefined: the module
   * sets top-level fields of the device configuration. A list module's section is the list its lines add items to.
   */
  readonly section?: string;
  /**
   * A list module: every `config add` line adds one item to the list at `section`, `config change` replaces the
   * list with one item, `config rem` (without options) empties it. formatNativeText writes one line per item.
   */
  readonly list?: true;
  /** The verb formatNativeText writes: the manual's App. J uses `config add IP0 …`, backups `config change …`. */
  readonly formatVerb: "add" | "change";
  /** Whether formatNativeText writes the line when nothing in it differs from the defaults. */
  readonly always: boolean;
  readonly options: readonly NativeOption[];
}

export const text = (name: string, field: string, fallback?: string): NativeOption => ({
  name,
  field,
  type: "text",
  ...(fallback === undefined ? {} : { default: fallback }),
});
export const flag = (name: string, field: string, flagValue: boolean, fallback: boolean): NativeOption => ({
  name,
  field,
  type: "flag",
  flagValue,
  default: fallback,
});
/** One item of a list field: `/alt-proxy1` is `altProxies[0]`. */
export const item = (name: string, field: string, index: number): NativeOption => ({
  name,
  field,
  type: "text",
  index,
});
export const number = (name: string, field: string, fallback?: number): NativeOption => ({
  name,
  field,
  type: "number",
  ...(fallback === undefined ? {} : { default: fallback }),
});

/** The path of a module's section in the model (`["ldap", "server"]`); empty for a module of top-level fields. */
export function sectionPath(m: NativeModule): readonly string[] {
  return m.section === undefined ? [] : m.section.split(".");
}

/** Whether two options set the same thing: the same field (`/enable`, `/disable`) and, for list items, the same item. */
export function setsSame(a: NativeOption, b: NativeOption): boolean {
  return a.field === b.field && a.index === b.index;
}

/** The fields a module sets, each once (`/enable` and `/disable` share `enabled`). */
export function moduleFields(m: NativeModule): readonly string[] {
  return [...new Set(m.options.map((o) => o.field))];
}
