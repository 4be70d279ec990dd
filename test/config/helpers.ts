import assert from "node:assert/strict";

import { ConfigError } from "../../src/core/errors.js";
import { deviceFromObject } from "../../src/config/deviceFromObject.js";
import { parseNativeText } from "../../src/config/nativeText.js";
import { parseYamlSource } from "../../src/core/config/yamlSource.js";
import { type DeviceConfig } from "../../src/config/DeviceConfig.js";

export interface ExpectedError {
  readonly code: string;
  /** The 1-based line; `undefined` asserts that the error names no line. */
  readonly line: number | undefined;
  /** `undefined` asserts that the error names no field (the whole value is wrong). */
  readonly field: string | undefined;
  readonly source?: string;
}

/** Asserts a ConfigError with this code, line and field, whose message starts "source:line: field: ". */
export function assertConfigError(run: () => unknown, expected: ExpectedError): ConfigError {
  let thrown: unknown;
  try {
    run();
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown instanceof ConfigError, `expected a ConfigError, got ${String(thrown)}`);
  const { code, line, field, source = "test.yaml" } = expected;
  assert.equal(thrown.code, code, thrown.message);
  assert.equal(thrown.context.line, line, thrown.message);
  assert.equal(thrown.context.field, field, thrown.message);
  const where = line === undefined ? source : `${source}:${line}`;
  const prefix = field === undefined ? `${where}: ` : `${where}: ${field}: `;
  assert.ok(thrown.message.startsWith(prefix), thrown.message);
  return thrown;
}

/** One device from YAML text named `test.yaml`. */
export function fromYaml(text: string): DeviceConfig {
  const { value, locator } = parseYamlSource(text, "test.yaml");
  return deviceFromObject(value, locator);
}

/** One device from native text named `test.txt`. */
export function fromNative(text: string): DeviceConfig {
  return parseNativeText(text, "test.txt");
}

/** Lines 1-4 of every YAML case: a valid IPBS with no role. */
export const YAML_BASE = "name: ipbs-north-2\nkind: IPBS\nmac: 00:90:33:0a:0b:0c\nip: 127.0.1.2\n";

/** Lines 1-2 of every native case: a valid IPBS with no role. */
export const NATIVE_BASE =
  "config change DEV0 /name ipbs-north-2 /kind IPBS /mac 00:90:33:0a:0b:0c\nconfig add IP0 ETH0 /addr 127.0.1.2\n";
