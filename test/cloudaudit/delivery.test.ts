import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, test } from "node:test";
import { listDelivered } from "../../src/services/cloudaudit/delivered-files";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { cloudaudit, createAuditRequest, deliveries, legacy, newAccount, readDelivered, type Delivered } from "./helpers";

/** Real delivery: COS log files (gzipped JSON in the COS object layout) and CMQ/CLS JSON lines. */
let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

function inBucket(files: Delivered[], bucketFolder: string): Delivered[] {
  return files.filter((f) => f.path.startsWith(`cos/${bucketFolder}/`));
}

async function eventsIn(files: Delivered[]): Promise<Record<string, any>[]> {
  const events = [];
  for (const f of files) events.push(...(await readDelivered(server, f)));
  return events;
}

test("a logging tracking set writes gzipped COS log files and CMQ lines with the events; StopLogging stops them", async () => {
  const { credential, uin, appId } = await newAccount(server);
  const ca = cloudaudit(server, credential);
  await legacy(server, credential).request(
    "CreateAudit",
    createAuditRequest({
      AuditName: "ship_trail",
      CosBucketName: "ship-logs",
      LogFilePrefix: "shipping",
      IsEnableCmqNotify: 1,
      IsCreateNewQueue: 1,
      CmqQueueName: "ship-events",
      CmqRegion: "sh",
    }),
  );
  const a = await ca.ListCosEnableRegion({});
  const b = await ca.InquireAuditCredit();

  const { files } = await deliveries(server);
  const cosFiles = inBucket(files, `ship-logs-${appId}`);
  assert.ok(cosFiles.length >= 1);
  for (const f of cosFiles) assert.match(f.path, new RegExp(`^cos/ship-logs-${appId}/shipping/\\d{10}/CloudAudit_${uin}_\\d{14}_[a-z0-9]{8}\\.json\\.gz$`));
  const shipped = await eventsIn(cosFiles);
  const ids = shipped.map((e) => e.requestID);
  assert.ok(ids.includes(a.RequestId) && ids.includes(b.RequestId), "both calls are in the log files");
  const event = shipped.find((e) => e.requestID === a.RequestId)!;
  assert.equal(event.eventName, "ListCosEnableRegion");
  assert.equal(event.userIdentity.accountId, uin);
  assert.equal(event.actionType, "Read");

  const queueFile = files.find((f) => f.path === `cmq/${uin}/sh/ship-events.jsonl`);
  assert.ok(queueFile, "the CMQ queue has its notifications");
  const notified = (await readDelivered(server, queueFile)).map((e) => e.requestID);
  assert.ok(notified.includes(a.RequestId) && notified.includes(b.RequestId));

  const stop = await ca.StopLogging({ AuditName: "ship_trail" });
  const before = new Set(inBucket((await deliveries(server)).files, `ship-logs-${appId}`).map((f) => f.path));
  const whileStopped = await ca.ListAudits();
  await ca.InquireAuditCredit();
  const after1 = inBucket((await deliveries(server)).files, `ship-logs-${appId}`);
  assert.deepEqual(after1.map((f) => f.path).sort(), [...before].sort(), "no new log file after StopLogging");
  const all = (await eventsIn(after1)).map((e) => e.requestID);
  assert.ok(!all.includes(stop.RequestId), "the StopLogging call itself is not delivered");
  assert.ok(!all.includes(whileStopped.RequestId));

  const start = await ca.StartLogging({ AuditName: "ship_trail" });
  const resumed = await ca.ListAudits();
  const after2 = inBucket((await deliveries(server)).files, `ship-logs-${appId}`);
  const fresh = after2.filter((f) => !before.has(f.path));
  assert.ok(fresh.length >= 1);
  const freshIds = (await eventsIn(fresh)).map((e) => e.requestID);
  assert.ok(freshIds.includes(start.RequestId) && freshIds.includes(resumed.RequestId));
  assert.ok(!freshIds.includes(whileStopped.RequestId), "calls made while stopped are never delivered");
});

test("ReadWriteAttribute chooses read-only or write-only events; the default prefix is the account ID", async () => {
  const { credential, uin, appId } = await newAccount(server);
  const ca = cloudaudit(server, credential);
  const old = legacy(server, credential);
  await old.request("CreateAudit", createAuditRequest({ AuditName: "reads", CosBucketName: "reads", ReadWriteAttribute: 1 }));
  await old.request("CreateAudit", createAuditRequest({ AuditName: "writes", CosBucketName: "writes", ReadWriteAttribute: 2 }));
  const read = await ca.DescribeAudit({ AuditName: "reads" });
  const write = await ca.StopLogging({ AuditName: "reads" });
  const { files } = await deliveries(server);
  const reads = await eventsIn(inBucket(files, `reads-${appId}`));
  const writes = await eventsIn(inBucket(files, `writes-${appId}`));
  assert.ok(inBucket(files, `reads-${appId}`).every((f) => f.path.startsWith(`cos/reads-${appId}/${uin}/`)));
  assert.ok(reads.every((e) => e.actionType === "Read"));
  assert.ok(writes.every((e) => e.actionType === "Write"));
  assert.ok(reads.some((e) => e.requestID === read.RequestId));
  assert.ok(writes.some((e) => e.requestID === write.RequestId));
  assert.ok(!writes.some((e) => e.requestID === read.RequestId));
});

test("a bucket that does not exist receives nothing until it is declared", async () => {
  const { credential, uin, appId } = await newAccount(server);
  const ca = cloudaudit(server, credential);
  await legacy(server, credential).request("CreateAudit", createAuditRequest({ AuditName: "ghost", CosBucketName: "ghost-bucket", IsCreateNewBucket: 0 }));
  await ca.ListAudits();
  const first = await deliveries(server);
  assert.deepEqual(inBucket(first.files, `ghost-bucket-${appId}`), []);
  assert.ok(Object.entries(first.undeliverable).some(([k, n]) => k.includes("ghost-bucket") && n > 0));
  await server.control("POST", "/cloudaudit/buckets", { uin, region: "ap-guangzhou", name: "ghost-bucket" });
  const later = await ca.ListAudits();
  const second = await deliveries(server);
  const shipped = (await eventsIn(inBucket(second.files, `ghost-bucket-${appId}`))).map((e) => e.requestID);
  assert.deepEqual(shipped, [later.RequestId]);
});

test("audit tracks deliver what their filters select: COS (uncompressed when asked) and CLS", async () => {
  const { credential, uin, appId } = await newAccount(server);
  const ca = cloudaudit(server, credential);
  await server.control("POST", "/cloudaudit/buckets", { uin, region: "ap-guangzhou", name: "track-bucket" });
  await ca.CreateAuditTrack({
    Name: "credit_only",
    ActionType: "Read",
    ResourceType: "cloudaudit",
    Status: 1,
    EventNames: ["InquireAuditCredit"],
    Storage: { StorageType: "cos", StorageRegion: "ap-guangzhou", StorageName: "track-bucket", StoragePrefix: "credits", Compress: 2 },
  });
  await ca.CreateEventsAuditTrack({
    Name: "to_cls",
    Status: 1,
    Storage: { StorageType: "cls", StorageRegion: "ap-guangzhou", StorageName: "topic-1234", StoragePrefix: "cloudaudit" },
    Filters: { ResourceFields: [{ ResourceType: "cloudaudit", ActionType: "Read", EventNames: ["ListAudits"] }] },
  });
  const credit = await ca.InquireAuditCredit();
  const list = await ca.ListAudits();
  const { files } = await deliveries(server);
  const cosFiles = inBucket(files, `track-bucket-${appId}`);
  assert.ok(cosFiles.length >= 1 && cosFiles.every((f) => /^cos\/track-bucket-\d+\/credits\/\d{10}\/.+\.json$/.test(f.path)));
  assert.deepEqual((await eventsIn(cosFiles)).map((e) => e.requestID), [credit.RequestId]);
  const cls = files.find((f) => f.path === `cls/${uin}/ap-guangzhou/topic-1234.jsonl`);
  assert.ok(cls);
  assert.deepEqual((await readDelivered(server, cls)).map((e) => e.requestID), [list.RequestId]);
});

test("delivery is batched on a short timer, without anyone asking", async () => {
  const { credential, appId } = await newAccount(server);
  const ca = cloudaudit(server, credential);
  await legacy(server, credential).request("CreateAudit", createAuditRequest({ AuditName: "timer", CosBucketName: "timer-logs" }));
  const { files } = await deliveries(server);
  // Read from the store directly: the control route would deliver what is pending itself.
  const count = async () => inBucket((await server.app.store.transaction((tx) => listDelivered(tx))).files, `timer-logs-${appId}`).length;
  const start = await count();
  assert.equal(start, inBucket(files, `timer-logs-${appId}`).length);
  for (let i = 0; i < 5; i++) await ca.ListAudits();
  await sleep(600);
  const written = (await count()) - start;
  assert.ok(written >= 1 && written < 5, `five calls were batched into ${written} log file(s)`);
});

test("with a data directory, log files live under <data dir>/cloudaudit and a file can be downloaded", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tclocal-ca-test-"));
  const persistent = await startTclocal({ dataDir });
  try {
    const { credential, appId } = await newAccountOn(persistent);
    await legacy(persistent, credential).request("CreateAudit", createAuditRequest({ AuditName: "disk", CosBucketName: "disk-logs" }));
    const { root, files } = await deliveries(persistent);
    assert.equal(root, join(dataDir, "cloudaudit"));
    const file = inBucket(files, `disk-logs-${appId}`)[0];
    assert.ok(file);
    const res = await fetch(`${persistent.endpoint}/_tclocal/cloudaudit/deliveries/file?path=${encodeURIComponent(file.path)}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/gzip");
    assert.equal(Buffer.from(await res.arrayBuffer()).length, file.size);
    const outside = await persistent.controlRaw("GET", "/cloudaudit/deliveries/file?path=../tclocal.db");
    assert.equal(outside.status, 400);
  } finally {
    await persistent.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

async function newAccountOn(s: TestServer) {
  const a = await s.control("POST", "/accounts", {});
  return { uin: a.uin as string, appId: a.appId as number, credential: { secretId: a.secretId, secretKey: a.secretKey } };
}

test("a call answered just before the emulator stops is still delivered (before the store closes)", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tclocal-ca-stop-"));
  const first = await startTclocal({ dataDir });
  let lastCall: string;
  let appId: number;
  try {
    const account = await newAccountOn(first);
    appId = account.appId;
    const ca = cloudaudit(first, account.credential);
    await legacy(first, account.credential).request("CreateAudit", createAuditRequest({ AuditName: "closing", CosBucketName: "closing-logs" }));
    await deliveries(first);
    lastCall = (await ca.ListAudits()).RequestId!;
  } finally {
    await first.stop(); // well inside the 200 ms delivery timer
  }
  const second = await startTclocal({ dataDir });
  try {
    const delivered = inBucket((await second.app.store.transaction((tx) => listDelivered(tx))).files, `closing-logs-${appId!}`);
    const ids: string[] = [];
    for (const f of delivered) ids.push(...(await readDelivered(second, f)).map((e) => e.requestID as string));
    assert.ok(ids.includes(lastCall!), "the last call before stopping is in a delivered log file");
  } finally {
    await second.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
