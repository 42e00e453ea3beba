import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { APPID, bucketName, cosClient, cosCode, rawCos, rawUrl, REGION } from "./helpers";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const cos = () => cosClient(server);
const pick = (e: { code: string; statusCode: number }) => [e.code, e.statusCode];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("presigned GET and PUT work until they expire on real time; a tampered URL is refused", async () => {
  const Bucket = bucketName("presign");
  await cos().putBucket({ Bucket, Region: REGION });
  await cos().putObject({ Bucket, Region: REGION, Key: "doc.txt", Body: "presigned" });
  const getUrl = cos().getObjectUrl({ Bucket, Region: REGION, Key: "doc.txt", Sign: true, Expires: 2 }, () => {}) as unknown as string;
  const putUrl = cos().getObjectUrl({ Bucket, Region: REGION, Key: "up.txt", Method: "PUT", Sign: true, Expires: 2 }, () => {}) as unknown as string;
  assert.match(getUrl, /q-sign-algorithm=sha1/);

  const got = await rawUrl(server, getUrl);
  assert.equal(got.status, 200);
  assert.equal(got.text, "presigned");
  assert.equal((await rawUrl(server, putUrl, { method: "PUT", body: "via url" })).status, 200);
  assert.equal((await cos().getObject({ Bucket, Region: REGION, Key: "up.txt" })).Body.toString(), "via url");

  const tampered = await rawUrl(server, getUrl.replace("doc.txt", "up.txt"));
  assert.equal(tampered.status, 403);
  assert.match(tampered.text, /<Code>SignatureDoesNotMatch<\/Code>/);
  assert.match(tampered.text, /<StringToSign>sha1\n/);

  await sleep(3200);
  const expired = await rawUrl(server, getUrl);
  assert.equal(expired.status, 403);
  assert.match(expired.text, /<Code>AccessDenied<\/Code>\n\t<Message>Request has expired<\/Message>/);
  assert.match(expired.text, /<ServerTime>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/ServerTime>/);
});

test("keys: a wrong SecretKey, an unknown SecretId, a tampered header", async () => {
  const Bucket = bucketName("keys");
  await cos().putBucket({ Bucket, Region: REGION });
  const wrong = cosClient(server, { secretId: "AKIDtclocal0000000000000000000000000", secretKey: "not-the-key" });
  assert.deepEqual(pick(await cosCode(wrong.getBucket({ Bucket, Region: REGION }))), ["SignatureDoesNotMatch", 403]);
  const unknown = cosClient(server, { secretId: "AKIDunknown00000000000000000000000000", secretKey: "x" });
  assert.deepEqual(pick(await cosCode(unknown.getBucket({ Bucket, Region: REGION }))), ["InvalidAccessKeyId", 403]);
  // Signed with one Content-Type, sent with another.
  const host = `${Bucket}.cos.${REGION}.localhost`;
  const signed = await rawCos(server, host, "/t.txt", { method: "PUT", sign: true, headers: { "content-type": "text/plain" }, body: "x" });
  assert.equal(signed.status, 200);
  const port = server.hostPort.split(":").pop();
  const COS = (await import("cos-nodejs-sdk-v5")).default;
  const auth = COS.getAuthorization({ SecretId: "AKIDtclocal0000000000000000000000000", SecretKey: "tclocalDefaultSecretKey000000000", Method: "PUT", Pathname: "/t.txt", Headers: { host: `${host}:${port}`, "content-type": "text/plain" } });
  const altered = await rawCos(server, host, "/t.txt", { method: "PUT", headers: { authorization: auth, "content-type": "text/html" }, body: "x" });
  assert.equal(altered.status, 403);
  assert.match(altered.text, /SignatureDoesNotMatch/);
});

test("temporary credentials need their x-cos-security-token and stop at their expiry on the emulator clock", async () => {
  const Bucket = bucketName("sts");
  await cos().putBucket({ Bucket, Region: REGION });
  const cred = await server.control("POST", "/accounts/100000000001/credentials", { durationSeconds: 600 });
  const withToken = cosClient(server, { secretId: cred.tmpSecretId, secretKey: cred.tmpSecretKey, token: cred.token });
  await withToken.putObject({ Bucket, Region: REGION, Key: "tmp.txt", Body: "t" });
  const withoutToken = cosClient(server, { secretId: cred.tmpSecretId, secretKey: cred.tmpSecretKey });
  assert.deepEqual(pick(await cosCode(withoutToken.getObject({ Bucket, Region: REGION, Key: "tmp.txt" }))), ["InvalidSecurityToken", 403]);
  const foreign = cosClient(server, { secretId: cred.tmpSecretId, secretKey: cred.tmpSecretKey, token: (cred.token[0] === "x" ? "y" : "x") + cred.token.slice(1) }); // a token that differs (a random one may start with "x")
  assert.deepEqual(pick(await cosCode(foreign.getObject({ Bucket, Region: REGION, Key: "tmp.txt" }))), ["InvalidSecurityToken", 403]);
  await server.control("POST", "/clock", { advanceSeconds: 601 });
  try {
    assert.deepEqual(pick(await cosCode(withToken.getObject({ Bucket, Region: REGION, Key: "tmp.txt" }))), ["ExpiredToken", 400]);
  } finally {
    await server.control("POST", "/clock", { advanceSeconds: -601 });
  }
});

test("a CAM sub-user allowed on one prefix only", async () => {
  const Bucket = bucketName("cam");
  await cos().putBucket({ Bucket, Region: REGION });
  const user = await server.control("POST", "/accounts/100000000001/users", {
    name: "uploader",
    policy: {
      version: "2.0",
      statement: [{ effect: "allow", action: ["name/cos:PutObject", "name/cos:GetObject", "name/cos:HeadObject"], resource: [`qcs::cos:${REGION}:uid/${APPID}:${Bucket}/uploads/*`] }],
    },
  });
  const sub = cosClient(server, { secretId: user.secretId, secretKey: user.secretKey });
  await sub.putObject({ Bucket, Region: REGION, Key: "uploads/a.txt", Body: "a" });
  assert.equal((await sub.getObject({ Bucket, Region: REGION, Key: "uploads/a.txt" })).Body.toString(), "a");
  assert.deepEqual(pick(await cosCode(sub.putObject({ Bucket, Region: REGION, Key: "private/a.txt", Body: "a" }))), ["AccessDenied", 403]);
  assert.deepEqual(pick(await cosCode(sub.deleteObject({ Bucket, Region: REGION, Key: "uploads/a.txt" }))), ["AccessDenied", 403]);
  assert.deepEqual(pick(await cosCode(sub.getBucket({ Bucket, Region: REGION }))), ["AccessDenied", 403]);
  assert.deepEqual(pick(await cosCode(sub.getService({}))), ["AccessDenied", 403]);
  // The root account sees what the sub-user wrote and nothing else was written.
  assert.deepEqual((await cos().getBucket({ Bucket, Region: REGION })).Contents.map((c) => c.Key), ["uploads/a.txt"]);
  // A deny in the bucket policy wins over the user's own allow.
  await cos().putBucketPolicy({
    Bucket,
    Region: REGION,
    Policy: {
      Statement: [{ Principal: { qcs: [`qcs::cam::uin/100000000001:uin/${user.subUin}`] }, Effect: "Deny", Action: ["name/cos:GetObject"], Resource: [`qcs::cos:${REGION}:uid/${APPID}:${Bucket}/*`] }],
      version: "2.0",
    },
  });
  assert.deepEqual(pick(await cosCode(sub.getObject({ Bucket, Region: REGION, Key: "uploads/a.txt" }))), ["AccessDenied", 403]);
});

test("anonymous access only where the bucket ACL or policy allows it", async () => {
  const Bucket = bucketName("anon");
  await cos().putBucket({ Bucket, Region: REGION });
  await cos().putObject({ Bucket, Region: REGION, Key: "f.txt", Body: "f" });
  const host = `${Bucket}.cos.${REGION}.localhost`;
  assert.equal((await rawCos(server, host, "/f.txt")).status, 403);
  await cos().putBucketAcl({ Bucket, Region: REGION, ACL: "public-read" });
  assert.equal((await rawCos(server, host, "/f.txt")).text, "f");
  assert.equal((await rawCos(server, host, "/")).status, 200, "public-read lists too");
  assert.equal((await rawCos(server, host, "/g.txt", { method: "PUT", body: "g" })).status, 403);
  await cos().putBucketAcl({ Bucket, Region: REGION, ACL: "private" });
  assert.equal((await rawCos(server, host, "/f.txt")).status, 403);
  await cos().putBucketPolicy({
    Bucket,
    Region: REGION,
    Policy: { Statement: [{ Principal: { qcs: ["qcs::cam::anyone:anyone"] }, Effect: "Allow", Action: ["name/cos:GetObject"], Resource: [`qcs::cos:${REGION}:uid/${APPID}:${Bucket}/*`] }], version: "2.0" },
  });
  assert.equal((await rawCos(server, host, "/f.txt")).text, "f");
  assert.equal((await rawCos(server, host, "/f.txt", { method: "DELETE" })).status, 403);
  const policy = await cos().getBucketPolicy({ Bucket, Region: REGION });
  assert.equal((policy.Policy as { Statement: unknown[] }).Statement.length, 1);
});

test("cross-account: A's grant to account B works for B's root and for B's sub-users only with B's own CAM allow", async () => {
  const Bucket = bucketName("xacct");
  await cos().putBucket({ Bucket, Region: REGION });
  await cos().putObject({ Bucket, Region: REGION, Key: "shared/a.txt", Body: "a" });
  const b = await server.control("POST", "/accounts", {});
  const resource = `qcs::cos:${REGION}:uid/${APPID}:${Bucket}/*`;
  const allowed = await server.control("POST", `/accounts/${b.uin}/users`, {
    name: "reader",
    policy: { version: "2.0", statement: [{ effect: "allow", action: ["name/cos:GetObject", "name/cos:PutObject"], resource: [resource] }] },
  });
  const bare = await server.control("POST", `/accounts/${b.uin}/users`, {
    name: "bare",
    policy: { version: "2.0", statement: [{ effect: "allow", action: ["name/cvm:DescribeInstances"], resource: ["*"] }] },
  });
  const denied = await server.control("POST", `/accounts/${b.uin}/users`, {
    name: "denied",
    policy: { version: "2.0", statement: [{ effect: "allow", action: ["*"], resource: ["*"] }, { effect: "deny", action: ["name/cos:GetObject"], resource: ["*"] }] },
  });
  const asB = cosClient(server, { secretId: b.secretId, secretKey: b.secretKey });
  const asAllowed = cosClient(server, { secretId: allowed.secretId, secretKey: allowed.secretKey });
  const asBare = cosClient(server, { secretId: bare.secretId, secretKey: bare.secretKey });
  const asDenied = cosClient(server, { secretId: denied.secretId, secretKey: denied.secretKey });
  const get = (c: ReturnType<typeof cos>) => c.getObject({ Bucket, Region: REGION, Key: "shared/a.txt" });

  // Nothing granted yet: even B's root is refused.
  assert.deepEqual(pick(await cosCode(get(asB))), ["AccessDenied", 403]);
  assert.deepEqual(pick(await cosCode(get(asAllowed))), ["AccessDenied", 403]);

  // A's bucket policy names B's root account.
  await cos().putBucketPolicy({
    Bucket,
    Region: REGION,
    Policy: { version: "2.0", Statement: [{ Principal: { qcs: [`qcs::cam::uin/${b.uin}:uin/${b.uin}`] }, Effect: "Allow", Action: ["name/cos:GetObject"], Resource: [resource] }] },
  });
  assert.equal((await get(asB)).Body.toString(), "a");
  assert.equal((await get(asAllowed)).Body.toString(), "a", "B's sub-user with B's CAM allow");
  const session = await server.control("POST", `/accounts/${b.uin}/credentials`, { subUin: allowed.subUin, durationSeconds: 600 });
  const asSession = cosClient(server, { secretId: session.tmpSecretId, secretKey: session.tmpSecretKey, token: session.token });
  assert.equal((await get(asSession)).Body.toString(), "a", "the sub-user's temporary credential too");
  assert.deepEqual(pick(await cosCode(get(asBare))), ["AccessDenied", 403], "no CAM allow in B");
  assert.deepEqual(pick(await cosCode(get(asDenied))), ["AccessDenied", 403], "B's explicit deny");
  // A's grant covers GetObject only, whatever B's CAM allows.
  assert.deepEqual(pick(await cosCode(asAllowed.putObject({ Bucket, Region: REGION, Key: "shared/b.txt", Body: "b" }))), ["AccessDenied", 403]);

  // A's policy names B's sub-user directly: still not without B's CAM allow.
  await cos().putBucketPolicy({
    Bucket,
    Region: REGION,
    Policy: { version: "2.0", Statement: [{ Principal: { qcs: [`qcs::cam::uin/${b.uin}:uin/${bare.subUin}`, `qcs::cam::uin/${b.uin}:uin/${allowed.subUin}`] }, Effect: "Allow", Action: ["name/cos:GetObject"], Resource: [resource] }] },
  });
  assert.deepEqual(pick(await cosCode(get(asBare))), ["AccessDenied", 403]);
  assert.equal((await get(asAllowed)).Body.toString(), "a");
  assert.deepEqual(pick(await cosCode(get(asB))), ["AccessDenied", 403], "naming a sub-user grants nothing to B's root");
  await cos().deleteBucketPolicy({ Bucket, Region: REGION });

  // An ACL grant to account B: WRITE for B's root and B's allowed sub-user, not the bare one.
  await cos().putBucketAcl({ Bucket, Region: REGION, ACL: "private", GrantWrite: `id="qcs::cam::uin/${b.uin}:uin/${b.uin}"` });
  await asB.putObject({ Bucket, Region: REGION, Key: "shared/from-b.txt", Body: "b" });
  await asAllowed.putObject({ Bucket, Region: REGION, Key: "shared/from-sub.txt", Body: "s" });
  assert.deepEqual(pick(await cosCode(asBare.putObject({ Bucket, Region: REGION, Key: "shared/from-bare.txt", Body: "x" }))), ["AccessDenied", 403]);
  const keys = (await cos().getBucket({ Bucket, Region: REGION })).Contents.map((c) => c.Key);
  assert.deepEqual(keys, ["shared/a.txt", "shared/from-b.txt", "shared/from-sub.txt"]);

  // A public-read bucket is readable by anyone, signed or not, whatever the signer's CAM says.
  await cos().putBucketAcl({ Bucket, Region: REGION, ACL: "public-read" });
  assert.equal((await get(asBare)).Body.toString(), "a");
});

test("hotlink protection: the bucket's referer rules refuse anonymous requests with AccessDenied", async () => {
  const Bucket = bucketName("referer");
  await cos().putBucket({ Bucket, Region: REGION, ACL: "public-read" });
  await cos().putObject({ Bucket, Region: REGION, Key: "img.png", Body: "png" });
  const host = `${Bucket}.cos.${REGION}.localhost`;
  const get = (referer?: string) => rawCos(server, host, "/img.png", referer === undefined ? {} : { headers: { referer } });
  const codeOf = (r: { status: number; text: string }) => [r.status, /<Code>([^<]+)<\/Code>/.exec(r.text)?.[1]];
  assert.equal((await get("https://evil.example.org/")).status, 200, "no rules: anyone");

  await cos().putBucketReferer({
    Bucket,
    Region: REGION,
    RefererConfiguration: { Status: "Enabled", RefererType: "White-List", DomainList: { Domains: ["*.example.com", "192.168.1.2:8080", "shop.test/assets"] } },
  });
  assert.equal((await get("https://www.example.com/page.html")).text, "png");
  assert.equal((await get("http://a.b.example.com/")).status, 200, "* spans several labels");
  assert.equal((await get("http://192.168.1.2:8080/x")).status, 200);
  assert.equal((await get("https://shop.test/assets/page")).status, 200, "a domain with a path is a prefix");
  assert.deepEqual(codeOf(await get("https://shop.test/other")), [403, "AccessDenied"]);
  assert.deepEqual(codeOf(await get("https://example.com/")), [403, "AccessDenied"], "*. needs a subdomain");
  assert.deepEqual(codeOf(await get("https://evil.example.org/")), [403, "AccessDenied"]);
  assert.deepEqual(codeOf(await get()), [403, "AccessDenied"], "an empty Referer is denied by default");
  // Signed requests are not subject to it.
  assert.equal((await cos().getObject({ Bucket, Region: REGION, Key: "img.png", Headers: { Referer: "https://evil.example.org/" } })).Body.toString(), "png");

  await cos().putBucketReferer({
    Bucket,
    Region: REGION,
    RefererConfiguration: { Status: "Enabled", RefererType: "Black-List", DomainList: { Domains: ["*.evil.org"] }, EmptyReferConfiguration: "Allow" },
  });
  assert.deepEqual(codeOf(await get("https://cdn.evil.org/steal")), [403, "AccessDenied"]);
  assert.equal((await get("https://friendly.org/")).status, 200);
  assert.equal((await get()).status, 200, "EmptyReferConfiguration Allow");

  await cos().putBucketReferer({ Bucket, Region: REGION, RefererConfiguration: { Status: "Disabled", RefererType: "Black-List", DomainList: { Domains: ["*.evil.org"] } } });
  assert.equal((await get("https://cdn.evil.org/steal")).status, 200, "Disabled rules are not enforced");
});
