import assert from "node:assert/strict";
import { test } from "node:test";
import { serviceCatalog, versionsOf, type ServiceName } from "../../src/generated/catalog";
import { versionActionClaims } from "../../src/gateway/route";

test("no (Version, Action) pair is claimed by two products, so a bare endpoint always routes", () => {
  const claims = versionActionClaims();
  const shared = [...claims].filter(([, products]) => products.length > 1).map(([pair, products]) => `${pair}: ${products.join(", ")}`);
  assert.deepEqual(shared, []);
  // Every version of every product is claimed, the older versions of a multi-version product included.
  let pairs = 0;
  for (const s of Object.keys(serviceCatalog) as ServiceName[]) {
    for (const [version, actions] of Object.entries(versionsOf(s))) {
      for (const a of actions) assert.deepEqual(claims.get(`${version} ${a}`), [s], `${version} ${a}`);
      pairs += actions.length;
    }
  }
  assert.equal(claims.size, pairs);
  assert.ok(Object.keys(versionsOf("mongodb")).length >= 2, "MongoDB serves more than one version");
});
