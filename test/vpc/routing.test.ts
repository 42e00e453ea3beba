import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { serviceCatalog } from "../../src/generated/catalog";
import { sendTc3 } from "../helpers/raw";
import { sdk } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";

/**
 * CBS, CVM and VPC share version 2017-03-12. An SDK pointed at a bare 127.0.0.1 endpoint signs with service "127"
 * (the endpoint's first label), so only the (Version, Action) pair can route its calls: it works because no
 * action name is in two of them.
 */
let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

test("no action name is in two of the products that share a version", () => {
  const byVersion = new Map<string, Map<string, string>>();
  for (const [product, c] of Object.entries(serviceCatalog)) {
    const seen = byVersion.get(c.version) ?? new Map<string, string>();
    for (const a of c.actions) {
      assert.equal(seen.get(a), undefined, `${c.version} ${a} is in both ${seen.get(a)} and ${product}`);
      seen.set(a, product);
    }
    byVersion.set(c.version, seen);
  }
  const shared = Object.entries(serviceCatalog).filter(([, c]) => c.version === "2017-03-12").map(([p]) => p).sort();
  assert.deepEqual(shared, ["cbs", "cvm", "vpc"]);
});

test("each product's SDK on a bare endpoint reaches its product through the (Version, Action) pair", async () => {
  const vpcs = await sdk("vpc", server).DescribeVpcs({});
  assert.deepEqual(vpcs.VpcSet, []);
  const zones = await sdk("cvm", server).DescribeZones();
  assert.ok(zones.ZoneSet!.some((z) => z.Zone === "ap-guangzhou-3"));
  const disks = await sdk("cbs", server).DescribeDisks({});
  assert.equal(disks.TotalCount, 0);
  // The same pairs signed for service "127", as the SDK does, land on the same products.
  for (const [action, product] of [["DescribeSecurityGroups", "vpc"], ["DescribeKeyPairs", "cvm"], ["DescribeSnapshots", "cbs"]] as const) {
    const r = await sendTc3(server.hostPort, { service: "127", action, version: "2017-03-12", region: "ap-guangzhou" });
    assert.equal(r.json.Response.Error, undefined, `${action} → ${JSON.stringify(r.json.Response.Error)}`);
    const audit = await server.control<{ requests: { service: string; action: string }[] }>("GET", `/requests?limit=1&action=${action}`);
    assert.equal(audit.requests[0].service, product);
  }
});

test("an action none of them has answers InvalidAction naming all three; a named endpoint keeps to its product", async () => {
  const r = await sendTc3(server.hostPort, { service: "127", action: "DescribeNothing", version: "2017-03-12", region: "ap-guangzhou" });
  assert.equal(r.json.Response.Error.Code, "InvalidAction");
  assert.match(r.json.Response.Error.Message, /service=`cbs\|cvm\|vpc`/);
  const named = await sendTc3(server.hostPort, { service: "vpc", action: "DescribeInstances", version: "2017-03-12", region: "ap-guangzhou" });
  assert.equal(named.json.Response.Error.Code, "InvalidAction");
  assert.match(named.json.Response.Error.Message, /service=`vpc`/);
});
