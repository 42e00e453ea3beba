import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { APPID, bucketName, cosClient, cosCode, rawCos, REGION } from "./helpers";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const cos = () => cosClient(server);
const pick = (e: { code: string; statusCode: number }) => [e.code, e.statusCode];

test("a public-read bucket policy restricted by qcs:ip lets an anonymous reader in only from that network", async () => {
  const Bucket = bucketName("pcip");
  await cos().putBucket({ Bucket, Region: REGION });
  await cos().putObject({ Bucket, Region: REGION, Key: "f.txt", Body: "f" });
  const publicRead = (cidr: string) =>
    cos().putBucketPolicy({
      Bucket,
      Region: REGION,
      Policy: {
        version: "2.0",
        Statement: [
          {
            Principal: { qcs: ["qcs::cam::anyone:anyone"] },
            Effect: "Allow",
            Action: ["name/cos:GetObject"],
            Resource: [`qcs::cos:${REGION}:uid/${APPID}:${Bucket}/*`],
            Condition: { ip_equal: { "qcs:ip": [cidr] } },
          },
        ],
      },
    });
  // Unsigned, as a browser asks (the SDK always signs): the test client is 127.0.0.1.
  const get = () => rawCos(server, `${Bucket}.cos.${REGION}.localhost`, "/f.txt");
  const refused = async () => {
    const r = await get();
    assert.equal(r.status, 403);
    assert.match(r.text, /<Code>AccessDenied<\/Code>/);
  };
  await publicRead("10.0.0.0/8");
  await refused();
  await publicRead("127.0.0.0/8");
  assert.equal((await get()).text, "f");
  // ip_not_equal in a deny: refuses from anywhere but 10.0.0.0/8, the owner's sub-users included.
  await cos().putBucketPolicy({
    Bucket,
    Region: REGION,
    Policy: {
      version: "2.0",
      Statement: [
        { Principal: { qcs: ["qcs::cam::anyone:anyone"] }, Effect: "Allow", Action: ["name/cos:GetObject"], Resource: [`qcs::cos:${REGION}:uid/${APPID}:${Bucket}/*`] },
        { Principal: { qcs: ["qcs::cam::anyone:anyone"] }, Effect: "Deny", Action: ["name/cos:GetObject"], Resource: [`qcs::cos:${REGION}:uid/${APPID}:${Bucket}/*`], Condition: { ip_not_equal: { "qcs:ip": ["10.0.0.0/8"] } } },
      ],
    },
  });
  await refused();
});

test("a deny when cos:x-cos-acl is public-read refuses a PutObject with that header and allows one without", async () => {
  const Bucket = bucketName("pcacl");
  await cos().putBucket({ Bucket, Region: REGION });
  const user = await server.control("POST", "/accounts/100000000001/users", {
    name: "acl-writer",
    policy: { version: "2.0", statement: [{ effect: "allow", action: ["name/cos:PutObject"], resource: [`qcs::cos:${REGION}:uid/${APPID}:${Bucket}/*`] }] },
  });
  const sub = cosClient(server, { secretId: user.secretId, secretKey: user.secretKey });
  await cos().putBucketPolicy({
    Bucket,
    Region: REGION,
    Policy: {
      version: "2.0",
      Statement: [
        {
          Principal: { qcs: [`qcs::cam::uin/100000000001:uin/${user.subUin}`] },
          Effect: "Deny",
          Action: ["name/cos:PutObject"],
          Resource: [`qcs::cos:${REGION}:uid/${APPID}:${Bucket}/*`],
          Condition: { string_equal: { "cos:x-cos-acl": ["public-read"] } },
        },
      ],
    },
  });
  assert.deepEqual(pick(await cosCode(sub.putObject({ Bucket, Region: REGION, Key: "open.txt", Body: "o", ACL: "public-read" }))), ["AccessDenied", 403]);
  await sub.putObject({ Bucket, Region: REGION, Key: "closed.txt", Body: "c" });
  await sub.putObject({ Bucket, Region: REGION, Key: "private.txt", Body: "p", ACL: "private" });
  const keys = (await cos().getBucket({ Bucket, Region: REGION })).Contents.map((c) => c.Key);
  assert.deepEqual(keys, ["closed.txt", "private.txt"]);
});

test("cross-account grants with conditions: cos:content-type for uploads, cos:prefix for listing, unknown keys", async () => {
  const Bucket = bucketName("pcx");
  await cos().putBucket({ Bucket, Region: REGION });
  await cos().putObject({ Bucket, Region: REGION, Key: "docs/a.txt", Body: "a" });
  await cos().putObject({ Bucket, Region: REGION, Key: "private/b.txt", Body: "b" });
  const b = await server.control("POST", "/accounts", {});
  const asB = cosClient(server, { secretId: b.secretId, secretKey: b.secretKey });
  const principal = { qcs: [`qcs::cam::uin/${b.uin}:uin/${b.uin}`] };
  await cos().putBucketPolicy({
    Bucket,
    Region: REGION,
    Policy: {
      version: "2.0",
      Statement: [
        { Principal: principal, Effect: "Allow", Action: ["name/cos:PutObject"], Resource: [`qcs::cos:${REGION}:uid/${APPID}:${Bucket}/*`], Condition: { string_equal: { "cos:content-type": ["image/jpeg"] } } },
        { Principal: principal, Effect: "Allow", Action: ["name/cos:GetBucket"], Resource: [`qcs::cos:${REGION}:uid/${APPID}:${Bucket}/*`], Condition: { string_equal: { "cos:prefix": ["docs/"] } } },
        { Principal: principal, Effect: "Allow", Action: ["name/cos:GetObject"], Resource: [`qcs::cos:${REGION}:uid/${APPID}:${Bucket}/*`], Condition: { string_equal: { "cos:no-such-key": ["x"] } } },
        { Principal: principal, Effect: "Allow", Action: ["name/cos:HeadObject"], Resource: [`qcs::cos:${REGION}:uid/${APPID}:${Bucket}/*`], Condition: { string_equal_if_exist: { "cos:no-such-key": ["x"] } } },
      ],
    },
  });
  await asB.putObject({ Bucket, Region: REGION, Key: "docs/p.jpg", Body: "j", ContentType: "image/jpeg" });
  assert.deepEqual(pick(await cosCode(asB.putObject({ Bucket, Region: REGION, Key: "docs/p.txt", Body: "t", ContentType: "text/plain" }))), ["AccessDenied", 403]);
  assert.deepEqual((await asB.getBucket({ Bucket, Region: REGION, Prefix: "docs/" })).Contents.map((c) => c.Key), ["docs/a.txt", "docs/p.jpg"]);
  assert.deepEqual(pick(await cosCode(asB.getBucket({ Bucket, Region: REGION, Prefix: "private/" }))), ["AccessDenied", 403]);
  assert.deepEqual(pick(await cosCode(asB.getBucket({ Bucket, Region: REGION }))), ["AccessDenied", 403], "no prefix: the key is absent, the allow does not hold");
  assert.deepEqual(pick(await cosCode(asB.getObject({ Bucket, Region: REGION, Key: "docs/a.txt" }))), ["AccessDenied", 403], "an unknown key does not hold");
  assert.equal((await asB.headObject({ Bucket, Region: REGION, Key: "docs/a.txt" })).statusCode, 200, "..._if_exist holds without it");
});
