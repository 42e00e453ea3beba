import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import { expectCode, sdk } from "../helpers/sdk";
import { startTclocal, suiteStore, type TestServer } from "../helpers/tclocal";
import { bucketName, cosClient, REGION } from "../cos/helpers";
import { ARTIFACTS, browserMissing, launchBrowser, screenshot, type Browser } from "./browser";

/**
 * The web console in a real browser (Debian's headless Chromium driven by playwright-core), against a real
 * tclocal that the official SDK also talks to. Each page's screenshot goes to test-artifacts/console/.
 */
const missing = browserMissing();
const inCi = process.env.CI === "true";
if (missing && !inCi) console.log(`# console browser tests skipped: ${missing}`);
const options = missing && !inCi ? { skip: missing } : {};

let server: TestServer;
let browser: Browser;
let page: Page;
before(async () => {
  if (missing && !inCi) return;
  // In CI a missing browser is a failure, not a skip.
  assert.equal(missing, null, missing ?? "");
  server = await startTclocal();
  browser = await launchBrowser();
  page = await browser.context.newPage();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (browser) console.log(`# console screenshots: ${ARTIFACTS}`);
});

const open = async (route: string) => {
  await page.goto(`${server.endpoint}/_tclocal/ui/#/${route}`);
  await page.waitForSelector("header nav");
};
const row = (id: string) => page.locator(`table.resources-table tr[data-id="${id}"]`);
const cellOf = (id: string, field: string) => row(id).locator(`td[data-field="${field}"]`);
const pad = (n: number) => String(n).padStart(2, "0");
const utc = (seconds: number) => {
  const d = new Date(seconds * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};

test("the console is served with its security headers and loads nothing from elsewhere", options, async () => {
  const res = await fetch(`${server.endpoint}/_tclocal/ui/`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type")!, /^text\/html/);
  const csp = res.headers.get("content-security-policy")!;
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(res.headers.get("x-content-type-options"), "nosniff");
  assert.equal(res.headers.get("x-frame-options"), "DENY");
  const html = await res.text();
  assert.doesNotMatch(html, /<script>|<script [^>]*>[^<]/, "no inline script");
  assert.doesNotMatch(html, /https?:\/\//, "no absolute URL: nothing from a CDN");
  const redirect = await fetch(`${server.endpoint}/_tclocal/ui`, { redirect: "manual" });
  assert.equal(redirect.status, 308);
  assert.equal(redirect.headers.get("location"), "/_tclocal/ui/");
  const js = await fetch(`${server.endpoint}/_tclocal/ui/app.js`);
  assert.match(js.headers.get("content-type")!, /^text\/javascript/);
  assert.equal((await fetch(`${server.endpoint}/_tclocal/ui/app.js`, { headers: { "if-none-match": js.headers.get("etag")! } })).status, 304);
  assert.equal((await fetch(`${server.endpoint}/_tclocal/ui/../tclocal.db`)).status, 404);
  assert.equal((await fetch(`${server.endpoint}/_tclocal/ui/%2e%2e%2fpackage.json`)).status, 404);
  assert.equal((await fetch(`${server.endpoint}/_tclocal/ui/`, { method: "POST" })).status, 405);
  // A rebound DNS name cannot read the console either.
  const { request } = await import("node:http");
  const status = await new Promise<number>((resolve, reject) => {
    const req = request(`${server.endpoint}/_tclocal/ui/`, { headers: { host: "evil.example" } }, (r) => (r.resume(), resolve(r.statusCode!)));
    req.on("error", reject);
    req.end();
  });
  assert.equal(status, 403);

  await open("overview");
  await page.waitForSelector("#health dd");
  await page.waitForSelector("#counts td.num");
  await screenshot(page, "overview");
  const foreign = browser.requested.filter((u) => !u.startsWith(server.endpoint));
  assert.deepEqual(foreign, [], "the console requested something outside tclocal");
});

test("a KMS key appears with its state, shows PendingDelete with its date, and a clock advance made in the console removes it", options, async () => {
  const kms = sdk("kms", server);
  const keyId = (await kms.CreateKey({ Alias: "console-key", Description: "made by the SDK" })).KeyId!;
  // Neighbours in other states, for the screenshot.
  const orders = (await kms.CreateKey({ Alias: "orders", Description: "envelope encryption of orders" })).KeyId!;
  await kms.EnableKeyRotation({ KeyId: orders });
  const billing = (await kms.CreateKey({ Alias: "billing", KeyUsage: "ASYMMETRIC_SIGN_VERIFY_ECC" })).KeyId!;
  await kms.DisableKey({ KeyId: billing });
  await open("resources/kms/keys");
  await cellOf(keyId, "KeyState").filter({ hasText: "Enabled" }).waitFor();
  assert.equal(await cellOf(keyId, "Alias").textContent(), "console-key");

  await kms.DisableKey({ KeyId: keyId });
  await kms.ScheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 });
  const meta = (await kms.DescribeKey({ KeyId: keyId })).KeyMetadata!;
  // The table reads again on its own (no reload).
  await cellOf(keyId, "KeyState").filter({ hasText: "PendingDelete" }).waitFor({ timeout: 15_000 });
  assert.equal(await cellOf(keyId, "DeletionDate").textContent(), utc(meta.DeletionDate!));
  assert.equal(await cellOf(billing, "KeyState").textContent(), "Disabled");
  assert.equal(await cellOf(orders, "KeyRotationEnabled").textContent(), "true");
  await screenshot(page, "resources-kms");
  await row(keyId).click();
  const json = page.locator("aside.detail pre.json");
  await json.waitFor();
  // The detail panel is DescribeKey's KeyMetadata, member for member.
  assert.deepEqual(JSON.parse((await json.textContent())!), meta);
  assert.match((await page.locator("aside.detail").textContent())!, /As DescribeKey KeyMetadata answers it/);
  await screenshot(page, "resources-kms-detail");

  await open("clock");
  await page.waitForSelector("#emulator-time:not(:empty)");
  await page.fill("#advance-amount", "8");
  await page.selectOption("#clock-advance select", "days");
  await page.click('#clock-advance form button[type="submit"]');
  await page.locator("#clock-offset").filter({ hasText: "offset 8 d" }).waitFor();
  assert.equal((await server.control("GET", "/clock")).offsetSeconds >= 8 * 86400, true);
  await screenshot(page, "clock");

  await open("resources/kms/keys");
  await page.locator(".total[data-total]").waitFor();
  assert.equal(await row(keyId).count(), 0, "the deleted key is still listed");
  await expectCode(kms.DescribeKey({ KeyId: keyId }), "ResourceUnavailable.CmkNotFound");
});

test("a value from the API is rendered as text: an XSS key description shows as its characters", options, async () => {
  let dialogs = 0;
  page.on("dialog", (d) => {
    dialogs++;
    void d.dismiss();
  });
  const payload = "<img src=x onerror=alert(1)>";
  const keyId = (await sdk("kms", server).CreateKey({ Alias: "xss-key", Description: payload })).KeyId!;
  await open("resources/kms/keys");
  await row(keyId).waitFor();
  assert.equal(await cellOf(keyId, "Description").textContent(), payload);
  assert.equal(await page.locator("table.resources-table img").count(), 0);
  await row(keyId).click();
  await page.locator("aside.detail pre.json").filter({ hasText: payload }).waitFor();
  assert.equal(await page.locator("aside.detail img").count(), 0);
  await page.waitForTimeout(300);
  assert.equal(dialogs, 0, "a script from a key description ran");
});

test("a fault added in the console makes the next SDK call answer its code, and its count goes down", options, async () => {
  await open("faults");
  await page.selectOption("#fault-service", "kms");
  await page.selectOption("#fault-action", "ListKeys");
  await page.selectOption("#fault-code", "ResourceUnavailable.CmkNotFound");
  await page.fill("#fault-count", "2");
  await page.click("#fault-add");
  const rule = page.locator("table.faults-table tbody tr").filter({ hasText: "ListKeys" });
  await rule.locator('td[data-field="remaining"]').filter({ hasText: /^2$/ }).waitFor();

  const kms = sdk("kms", server);
  await expectCode(kms.ListKeys({}), "ResourceUnavailable.CmkNotFound");
  await rule.locator('td[data-field="remaining"]').filter({ hasText: /^1$/ }).waitFor({ timeout: 10_000 });
  assert.equal(await rule.locator('td[data-field="fired"]').textContent(), "1");
  await screenshot(page, "faults");

  await rule.locator("button", { hasText: "Remove" }).click();
  await page.locator("table.faults-table tbody tr").filter({ hasText: "ListKeys" }).waitFor({ state: "detached" });
  assert.deepEqual((await server.control("GET", "/faults")).faults, []);
  await kms.ListKeys({});
});

test("the Requests page shows SDK calls live with their codes, and filters them", options, async () => {
  await open("requests");
  await page.locator("table.requests-table").waitFor();
  const kms = sdk("kms", server);
  const created = await kms.CreateKey({ Alias: "requests-key" });
  const failed = await expectCode(kms.DescribeKey({ KeyId: "not-a-key-id" }), "InvalidParameterValue.InvalidKeyId");
  // No reload: the page reads the trail again on its own.
  const ok = page.locator(`tr[data-request-id="${created.RequestId}"]`);
  const bad = page.locator(`tr[data-request-id="${failed.requestId}"]`);
  await ok.waitFor({ timeout: 10_000 });
  await bad.waitFor({ timeout: 10_000 });
  assert.equal(await ok.locator("td.code").textContent(), "OK");
  assert.equal(await bad.locator("td.code").textContent(), "InvalidParameterValue.InvalidKeyId");
  assert.equal(await bad.locator("td.message").textContent(), failed.message);
  await bad.click();
  await page.locator("tr.expanded pre.json").filter({ hasText: "not-a-key-id" }).waitFor();
  await screenshot(page, "requests");

  await page.fill("#filter-code", "InvalidParameterValue.InvalidKeyId");
  await ok.waitFor({ state: "detached" });
  assert.equal(await bad.count(), 1);
  await page.fill("#filter-code", "");
  await page.selectOption("#filter-service", "cbs");
  await bad.waitFor({ state: "detached" });
});

test("a VPC, a CAM sub-user and a COS bucket made through the SDKs appear under VPC, CAM and COS with their Describe answers", options, async () => {
  const vpc = sdk("vpc", server);
  const vpcId = (await vpc.CreateVpc({ VpcName: "console-vpc", CidrBlock: "10.60.0.0/16" })).Vpc!.VpcId!;
  await open("resources/vpc/vpcs");
  await cellOf(vpcId, "VpcName").filter({ hasText: "console-vpc" }).waitFor();
  assert.equal(await cellOf(vpcId, "CidrBlock").textContent(), "10.60.0.0/16");
  assert.equal(await cellOf(vpcId, "IsDefault").textContent(), "false");
  await row(vpcId).click();
  const json = page.locator("aside.detail pre.json");
  await json.filter({ hasText: vpcId }).waitFor();
  assert.deepEqual(JSON.parse((await json.textContent())!), (await vpc.DescribeVpcs({ VpcIds: [vpcId] })).VpcSet![0]);
  assert.match((await page.locator("aside.detail").textContent())!, /As DescribeVpcs VpcSet answers it/);
  await screenshot(page, "resources-vpc");

  const cam = sdk("cam", server);
  const user = await cam.AddUser({ Name: "console-sub-user", Remark: "made by the SDK" });
  await open("resources/cam/users");
  const uin = String(user.Uin);
  await cellOf(uin, "Name").filter({ hasText: "console-sub-user" }).waitFor();
  assert.equal(await cellOf(uin, "Remark").textContent(), "made by the SDK");
  await row(uin).click();
  await json.filter({ hasText: "console-sub-user" }).waitFor();
  const { RequestId: _id, ...got } = await cam.GetUser({ Name: "console-sub-user" });
  assert.deepEqual(JSON.parse((await json.textContent())!), got);
  await screenshot(page, "resources-cam");

  const cos = cosClient(server);
  const Bucket = bucketName("console-ui-bucket");
  await cos.putBucket({ Bucket, Region: REGION });
  await cos.putObject({ Bucket, Region: REGION, Key: "hello.txt", Body: "hello" });
  await open("resources/cos/buckets");
  await cellOf("console-ui-bucket", "Name").filter({ hasText: Bucket }).waitFor();
  assert.equal(await cellOf("console-ui-bucket", "Location").textContent(), REGION);
  assert.equal(await cellOf("console-ui-bucket", "ObjectCount").textContent(), "1");
  const listed = (await cos.getService({ Region: REGION })).Buckets.find((b) => b.Name === Bucket)!;
  assert.equal(await cellOf("console-ui-bucket", "CreationDate").textContent(), listed.CreationDate);
  await screenshot(page, "resources-cos");

  // The Overview counts come from the same registry.
  await open("overview");
  const vpcCount = page.locator('#counts tr:has(a[href="#/resources/vpc/vpcs"]) td.num');
  await vpcCount.waitFor();
  assert.equal(Number(await vpcCount.textContent()), (await vpc.DescribeVpcs({})).TotalCount);
  assert.equal(await page.locator('#counts tr:has(a[href="#/resources/cos/buckets"]) td.num').textContent(), "1");

  // COS calls are recorded as service "cos", and the Requests service filter offers it.
  await open("requests");
  await page.locator("#filter-service option", { hasText: /^cos$/ }).waitFor({ state: "attached" });
  await page.selectOption("#filter-service", "cos");
  await page.locator('table.requests-table tr[data-action="CreateVpc"]').waitFor({ state: "detached", timeout: 10_000 });
  await page.locator('tr[data-action="PutBucket"]').waitFor({ timeout: 10_000 });
  assert.deepEqual(new Set(await page.locator("table.requests-table tbody tr td:nth-child(2)").allTextContents()), new Set(["cos"]));
  await page.selectOption("#filter-service", "");
});

test("a call refused before any account was known (unknown SecretId) shows under all accounts on the Requests page", options, async () => {
  const stranger = sdk("kms", server, { credential: { secretId: "AKIDconsoleUnknownKey0123456789ab", secretKey: "not-a-real-secret-key-0123456789" } });
  const refused = await expectCode(stranger.ListKeys({}), "AuthFailure.SecretIdNotFound");
  const later = await sdk("kms", server).ListKeys({});
  await open("requests");
  await page.selectOption("#filter-service", "");
  const call = page.locator(`tr[data-request-id="${refused.requestId}"]`);
  // The switcher's account never sees it (the call has no account), though it sees the call made after it.
  await page.locator(`tr[data-request-id="${later.RequestId}"]`).waitFor({ timeout: 10_000 });
  assert.equal(await call.count(), 0);
  await page.selectOption("#filter-account", "all");
  await call.waitFor({ timeout: 10_000 });
  assert.equal(await call.locator("td.code").textContent(), "AuthFailure.SecretIdNotFound");
  assert.equal(await call.locator('td[data-field="account"]').textContent(), "none");
  assert.match((await page.locator(".requests h2").textContent())!, /every account/);
  const listed = await server.control("GET", "/requests?limit=50");
  assert.equal(listed.requests.find((r: { requestId: string }) => r.requestId === refused.requestId)?.account, "");
  await call.click();
  await page.locator("tr.expanded p", { hasText: "AKIDconsoleUnknownKey0123456789ab" }).waitFor();
  await screenshot(page, "requests-all-accounts");
  await page.selectOption("#filter-account", "selected");
  await call.waitFor({ state: "detached" });
});

test("the account switcher shows another account's resources and not the first's; Accounts shows a secret once", options, async () => {
  await sdk("kms", server).CreateKey({ Alias: "first-account-key" });
  await open("accounts");
  await page.click("#create-account");
  const once = page.locator(".shown-once");
  await once.waitFor();
  const value = async (name: string) => (await once.locator(`dt:text-is("${name}") + dd`).textContent())!;
  const uin = await value("Uin");
  const credential = { secretId: await value("SecretId"), secretKey: await value("SecretKey") };
  assert.match(credential.secretKey, /^\w{32}$/);
  await page.locator(`tr[data-uin="${uin}"]`).waitFor();
  await screenshot(page, "accounts");
  await once.locator("button", { hasText: "Done" }).click();
  // Listed again, the key has no secret.
  assert.ok(!JSON.stringify(await server.control("GET", `/accounts/${uin}/access`)).includes(credential.secretKey));

  const other = sdk("kms", server, { credential });
  const otherKey = (await other.CreateKey({ Alias: "other-account-key" })).KeyId!;
  await page.locator("#account-switcher option", { hasText: uin }).waitFor({ state: "attached" });
  await page.selectOption("#account-switcher", uin);
  await open("resources/kms/keys");
  await row(otherKey).waitFor();
  assert.equal(await page.locator("table.resources-table td", { hasText: "first-account-key" }).count(), 0);
  assert.equal(await page.locator(".total").textContent(), "1 in all");

  // The Requests page follows the switcher.
  await open("requests");
  await page.locator('tr[data-action="CreateKey"]').waitFor();
  assert.equal(await page.locator("table.requests-table tbody tr").count(), 1);

  await page.selectOption("#account-switcher", "100000000001");
  await open("resources/kms/keys");
  await page.locator("table.resources-table td", { hasText: "first-account-key" }).first().waitFor();
  assert.equal(await row(otherKey).count(), 0);

  // Disabling a key in the console refuses the SDK's next call with it.
  await page.selectOption("#account-switcher", uin);
  await open("accounts");
  const keyRow = page.locator(`tr[data-secret-id="${credential.secretId}"]`);
  await keyRow.locator("button", { hasText: "Disable" }).click();
  await keyRow.locator("td", { hasText: "disabled" }).waitFor();
  await expectCode(other.ListKeys({}), "AuthFailure.SecretIdNotFound");
  await page.selectOption("#account-switcher", "100000000001");
});

// The SQLite pass measures 10,000 disks; the PostgreSQL pass checks the same with 1,000 (seeding 10,000 disks there
// alone takes about a minute on CI's two cores).
const DISKS = suiteStore === "sqlite" ? 10_000 : 1_000;

test(`a page of ${DISKS.toLocaleString("en")} disks opens, pages, sorts and searches (times reported)`, options, async (t) => {
  const seeded = Date.now();
  const uin = (await server.control("POST", "/accounts", {})).uin;
  await server.control("POST", "/cbs/disks/seed", { count: DISKS, uin, region: "ap-shanghai" });
  const seedMs = Date.now() - seeded;
  await open("overview");
  await page.reload();
  await page.locator("#account-switcher option", { hasText: uin }).waitFor({ state: "attached" });
  await page.selectOption("#account-switcher", uin);
  await page.selectOption("#region-switcher", "ap-shanghai");
  const started = Date.now();
  await page.goto(`${server.endpoint}/_tclocal/ui/#/resources/cbs/disks`);
  await page.locator(`.total[data-total="${DISKS}"]`).waitFor();
  const openMs = Date.now() - started;
  const rowsShown = page.locator("table.resources-table tbody tr");
  assert.equal(await rowsShown.count(), 50);
  assert.equal(await rowsShown.first().locator('td[data-field="DiskName"]').textContent(), `seed-${DISKS - 1}`);
  await screenshot(page, "resources-disks-large");

  let at = Date.now();
  await page.click("#next-page");
  await page.locator(".pager span", { hasText: `51–100 of ${DISKS}` }).waitFor();
  await page.locator('table.resources-table td[data-field="DiskName"]', { hasText: new RegExp(`^seed-${DISKS - 51}$`) }).waitFor();
  const nextMs = Date.now() - at;

  at = Date.now();
  await page.click('th.sortable:text("DiskName")');
  await rowsShown.first().locator('td[data-field="DiskName"]', { hasText: /^seed-0$/ }).waitFor({ timeout: 60_000 });
  const sortMs = Date.now() - at;

  at = Date.now();
  await page.fill("#resource-search", "seed-424");
  const matches = DISKS === 10_000 ? 11 : 1;
  await page.locator(`.total[data-total="${matches}"]`).waitFor({ timeout: 60_000 });
  const searchMs = Date.now() - at;
  const report =
    `${DISKS} disks on ${suiteStore} (seeded in ${seedMs} ms): page opened in ${openMs} ms, next page ${nextMs} ms, ` +
    `sort ${sortMs} ms, search ${searchMs} ms (search includes 250 ms of typing pause)`;
  t.diagnostic(report);
  console.log(`# ${report}`);
  await page.selectOption("#region-switcher", "ap-guangzhou");
  await page.selectOption("#account-switcher", "100000000001");
});

test("with --admin-token the console loads, then refuses its data until the token is given", options, async () => {
  const guarded = await startTclocal({ adminToken: "console-admin-token" });
  try {
    await sdk("kms", guarded).CreateKey({ Alias: "guarded-key" });
    const p = await browser.context.newPage();
    await p.goto(`${guarded.endpoint}/_tclocal/ui/#/resources/kms/keys`);
    const prompt = p.locator(".token-prompt");
    await prompt.waitFor();
    assert.equal(await p.locator("table.resources-table td", { hasText: "guarded-key" }).count(), 0);
    await screenshot(p, "token-prompt");
    await p.fill("#admin-token", "wrong-token");
    await p.click('.token-prompt button[type="submit"]');
    await p.locator(".token-prompt .error", { hasText: "refused" }).waitFor();
    await p.fill("#admin-token", "console-admin-token");
    await p.click('.token-prompt button[type="submit"]');
    await prompt.waitFor({ state: "detached" });
    await p.locator("table.resources-table td", { hasText: "guarded-key" }).waitFor();
    assert.equal(await p.evaluate("sessionStorage.getItem('tclocal.adminToken')"), "console-admin-token");
    await p.close();
  } finally {
    await guarded.stop();
  }
});

test("no page error or Content-Security-Policy violation happened, and nothing was requested outside tclocal", options, () => {
  assert.deepEqual(browser.problems, []);
  assert.deepEqual(
    browser.requested.filter((u) => !u.startsWith("http://127.0.0.1:")),
    [],
  );
});
