import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { expectCode, sdk } from "../helpers/sdk";
import { sendTc3 } from "../helpers/raw";

/** Calls refused before routing are filed under the product they name, so ?service= finds them. */
let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

test("an unknown key, a bad signature and an unknown action are listed under the service the call names", async () => {
  const unknown = await expectCode(sdk("kms", server, { credential: { secretId: "AKIDunknown000000000000000000000000", secretKey: "x" } }).ListKeys({}), "AuthFailure.SecretIdNotFound");
  const badSignature = await expectCode(sdk("cbs", server, { credential: { secretId: "AKIDtclocal0000000000000000000000000", secretKey: "wrong" } }).DescribeDisks({}), "AuthFailure.SignatureFailure");
  const noAction = await sendTc3(server.hostPort, { service: "kms", action: "NoSuchAction", version: "2019-01-18", region: "ap-guangzhou" });
  assert.equal(noAction.json.Response.Error.Code, "InvalidAction");
  const kms = (await server.control("GET", "/requests?service=kms")).requests.map((r: { requestId: string }) => r.requestId);
  assert.ok(kms.includes(unknown.requestId));
  assert.ok(kms.includes(noAction.json.Response.RequestId));
  const cbs = (await server.control("GET", "/requests?service=cbs")).requests.map((r: { requestId: string }) => r.requestId);
  assert.deepEqual(cbs, [badSignature.requestId]);
});
