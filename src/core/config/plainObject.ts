export type PlainObject = Readonly<Record<string, unknown>>;

/** A mapping as YAML or JSON produce it: not null, not an array, no class instance. */
export function isPlainObject(value: unknown): value is PlainObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A copy without the keys whose value is undefined, so optional fields are absent rather than undefined. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A deep copy of JSON-able data (plain objects, arrays, primitives) without the keys whose value is undefined. */
export function plainCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainCopy);
  if (isPlainObject(value))
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, plainCopy(v)]),
    );
  return value;
}
