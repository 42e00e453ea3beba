import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { formatDateTime } from "../../src/platform/clock";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { expectCode } from "../helpers/sdk";
import { mongo, running } from "./fixtures";

/** DescribeClientConnections and DescribeSlowLog serve what the control API seeds (the data plane is not emulated). */

let server: TestServer;
let id: string;
let now: number;
before(async () => {
  server = await startTclocal();
  id = await running(server);
  now = (await server.control("GET", "/clock")).now * 1000;
});
after(() => server.stop());

describe("client connections", () => {
  test("seeded clients, most connections first; TotalCount sums them; a new seed replaces the old", async () => {
    const db = mongo(server);
    assert.deepEqual((await db.DescribeClientConnections({ InstanceId: id })).Clients, []);
    const r = await server.control("POST", `/mongodb/${id}/connections?region=ap-guangzhou`, {
      clients: [
        { IP: "10.0.0.8", Count: 2 },
        { IP: "10.0.0.9", Count: 14 },
      ],
    });
    assert.deepEqual(r, { instanceId: id, clients: 2, totalCount: 16 });
    const c = await db.DescribeClientConnections({ InstanceId: id });
    assert.deepEqual(c.Clients, [
      { IP: "10.0.0.9", Count: 14 },
      { IP: "10.0.0.8", Count: 2 },
    ]);
    assert.equal(c.TotalCount, 16);
    await server.control("POST", `/mongodb/${id}/connections`, { region: "ap-guangzhou", clients: [{ IP: "192.168.1.1", Count: 1 }] });
    assert.equal((await db.DescribeClientConnections({ InstanceId: id })).TotalCount, 1);
  });

  test("the control route refuses unknown instances, regions and malformed clients", async () => {
    const bad: [string, unknown, number][] = [
      [`/mongodb/cmgo-00000000/connections`, { region: "ap-guangzhou", clients: [] }, 404],
      [`/mongodb/${id}/connections`, { region: "ap-shanghai", clients: [] }, 404],
      [`/mongodb/${id}/connections`, { clients: [] }, 400],
      [`/mongodb/${id}/connections`, { region: "nowhere", clients: [] }, 400],
      [`/mongodb/${id}/connections`, { region: "ap-guangzhou", clients: [{ IP: "10.0.0.1", Count: 0 }] }, 400],
      [`/mongodb/${id}/slowlogs`, { region: "ap-guangzhou", entries: [{ time: "yesterday", durationMs: 5 }] }, 400],
      [`/mongodb/${id}/slowlogs`, { region: "ap-guangzhou", entries: [] }, 400],
    ];
    for (const [path, body, status] of bad) {
      assert.equal((await server.controlRaw("POST", path, body)).status, status, `${path} ${JSON.stringify(body)}`);
    }
  });

  test("another account's instance is not found by the control route, nor through its SDK", async () => {
    const a = await server.control("POST", "/accounts", {});
    assert.equal((await server.controlRaw("POST", `/mongodb/${id}/connections`, { region: "ap-guangzhou", uin: a.uin, clients: [] })).status, 404);
    await expectCode(
      mongo(server, { credential: { secretId: a.secretId, secretKey: a.secretKey } }).DescribeClientConnections({ InstanceId: id }),
      "InvalidParameterValue.NotFoundInstance",
    );
  });
});

describe("slow logs", () => {
  test("filtered by the time window and SlowMS, oldest first, paged", async () => {
    const at = (minutesAgo: number) => formatDateTime(now - minutesAgo * 60_000);
    await server.control("POST", `/mongodb/${id}/slowlogs`, {
      region: "ap-guangzhou",
      entries: [
        { time: at(50), durationMs: 150, ns: "shop.orders", command: '{ find: "orders" }', conn: 2898 },
        { time: at(40), durationMs: 90 },
        { time: at(30), durationMs: 500, line: "Tue Jun  4 17:52:39.247 I COMMAND  [conn2898] xxxx" },
        { time: at(20), durationMs: 1200 },
        { time: at(60 * 30), durationMs: 5000 },
      ],
    });
    const db = mongo(server);
    const q = (over: Record<string, unknown> = {}) =>
      db.DescribeSlowLog({ InstanceId: id, StartTime: at(55), EndTime: at(0), SlowMS: 100, ...over });
    const all = await q();
    assert.equal(all.TotalCount, 3);
    assert.match(all.SlowLogList![0], /^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d\.\d{3} I COMMAND  \[conn2898\] command shop\.orders command: \{ find: "orders" \} .* 150ms$/);
    assert.equal(all.SlowLogList![1], "Tue Jun  4 17:52:39.247 I COMMAND  [conn2898] xxxx");
    assert.match(all.SlowLogList![2], /1200ms$/);
    assert.equal((await q({ SlowMS: 1000 })).TotalCount, 1);
    const page = await q({ Offset: 1, Limit: 1 });
    assert.equal(page.TotalCount, 3);
    assert.deepEqual(page.SlowLogList, [all.SlowLogList![1]]);
    assert.equal((await q({ StartTime: at(25) })).TotalCount, 1);
  });
});

describe("control routes and languages", () => {
  test("GET /_tclocal lists the MongoDB routes with a description", async () => {
    const routes = (await server.control("GET", "")).routes as { method: string; path: string; description: string }[];
    const mine = routes.filter((r) => r.path.startsWith("/_tclocal/mongodb/"));
    assert.deepEqual(
      mine.map((r) => `${r.method} ${r.path}`).sort(),
      [
        "GET /_tclocal/mongodb/projects",
        "GET /_tclocal/mongodb/{instanceId}/audit-files/{fileName}",
        "GET /_tclocal/mongodb/{instanceId}/backup-files/{backupName}/{replicaSetId}",
        "GET /_tclocal/mongodb/{instanceId}/log-files/{taskId}",
        "GET /_tclocal/mongodb/{instanceId}/ssl-ca.pem",
        "POST /_tclocal/mongodb/projects",
        "POST /_tclocal/mongodb/{instanceId}/audit-logs",
        "POST /_tclocal/mongodb/{instanceId}/connections",
        "POST /_tclocal/mongodb/{instanceId}/current-ops",
        "POST /_tclocal/mongodb/{instanceId}/flashback",
        "POST /_tclocal/mongodb/{instanceId}/logs",
        "POST /_tclocal/mongodb/{instanceId}/namespaces",
        "POST /_tclocal/mongodb/{instanceId}/slowlogs",
      ],
    );
    for (const r of mine) assert.ok(r.description.length > 20, r.path);
  });

  test("messages follow X-TC-Language", async () => {
    const zh = await expectCode(mongo(server, { language: "zh-CN" }).RenameInstance({ InstanceId: id, NewName: "bad name!" }), "InvalidParameterValue.IllegalInstanceName");
    assert.match(zh.message, /实例名称/);
    const en = await expectCode(mongo(server).RenameInstance({ InstanceId: id, NewName: "bad name!" }), "InvalidParameterValue.IllegalInstanceName");
    assert.match(en.message, /^The instance name `bad name!` is invalid/);
  });
});
