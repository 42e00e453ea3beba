import assert from "node:assert/strict";
import type { ProductName } from "../../src/errors/catalog";
import { responseValidator } from "../../src/gateway/specs";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Asserts a response has every member of the SDK's response model, with the model's types, null only where
 * the SDK documents that the member may be null, no member the model lacks, and a RequestId.
 */
export function assertComplete(service: ProductName, action: string, response: unknown, version?: string): void {
  const { RequestId, ...members } = response as Record<string, unknown>;
  assert.match(String(RequestId), UUID, `${service}.${action}: RequestId`);
  const validate = responseValidator(service, action, version);
  const ok = validate(members);
  assert.ok(ok, `${service}.${action} response does not match the SDK model: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
}
