import assert from "node:assert/strict";
import type { ApiResponse } from "../../src/mgmt/api.js";

/**
 * A refused request body: 400, the error's code, and (with `field`) a message that names the field the way the
 * section readers do (`request body: <field>: …`). Returns the message for further checks.
 */
export function assertBadBody(r: ApiResponse, body: string, code: string, field?: string): string {
  assert.equal(r.status, 400, body);
  const error = (r.body as { error: { code: string; message: string } }).error;
  assert.equal(error.code, code, error.message);
  if (field !== undefined) assert.ok(error.message.startsWith(`request body: ${field}: `), error.message);
  return error.message;
}
