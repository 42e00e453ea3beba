import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { CMK_LIMIT } from "../../src/services/kms/cmk";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { sdk } from "../helpers/sdk";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

test("concurrent calls never exceed a quota nor lose an update (one transaction per call)", async () => {
  const acct = await server.control("POST", "/accounts", {});
  const kms = sdk("kms", server, { credential: acct });
  const extra = 25;
  const results = await Promise.all(
    Array.from({ length: CMK_LIMIT + extra }, (_, i) => kms.CreateKey({ Alias: `concurrent-${i}` }).then(() => "OK", (e) => e.code as string)),
  );
  assert.equal(results.filter((r) => r === "OK").length, CMK_LIMIT);
  assert.equal(results.filter((r) => r === "LimitExceeded.CmkLimitExceeded").length, extra);
  const listed = await kms.ListKeys({ Limit: 200 });
  assert.equal(listed.TotalCount, CMK_LIMIT);
  // Every successful creation is there, each with its own alias: no write was lost.
  const aliases = new Set<string>();
  for (const { KeyId } of listed.Keys!) aliases.add((await kms.DescribeKey({ KeyId: KeyId! })).KeyMetadata!.Alias!);
  assert.equal(aliases.size, CMK_LIMIT);
});
