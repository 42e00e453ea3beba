import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { expectCode, sdk } from "../helpers/sdk";
import { registerMachine, seed } from "./helpers";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const shenzhen = { CountryId: 1, ProvinceId: 19, CityId: 233 };

test("non-local logins: listed, a false alarm makes the place usual and later logins from it normal", async () => {
  const yj = sdk("yunjing", server);
  const m = await registerMachine(server, { name: "login-1", ip: "10.2.0.1" });
  const a = await seed(server, m.uuid, "nonlocal-logins", { SrcIp: "183.14.1.1", Country: 1, Province: 19, City: 233 });
  assert.equal(a.record.Status, "NON_LOCAL_LOGIN");
  const list = await yj.DescribeNonlocalLoginPlaces({ Uuid: m.uuid, Filters: [{ Name: "Status", Values: ["NON_LOCAL_LOGIN"] }] });
  assert.equal(list.TotalCount, 1);
  assert.equal(list.NonLocalLoginPlaces![0].SrcIp, "183.14.1.1");

  await yj.MisAlarmNonlocalLoginPlaces({ Ids: [a.Id] });
  const places = await yj.DescribeUsualLoginPlaces({ Uuid: m.uuid });
  assert.deepEqual(places.UsualLoginPlaces!.map((p) => [p.CountryId, p.ProvinceId, p.CityId]), [[1, 19, 233]]);
  assert.equal((await yj.DescribeNonlocalLoginPlaces({ Uuid: m.uuid })).NonLocalLoginPlaces![0].Status, "NORMAL_LOGIN");
  const b = await seed(server, m.uuid, "nonlocal-logins", { Country: 1, Province: 19, City: 233 });
  assert.equal(b.record.Status, "NORMAL_LOGIN");
  await yj.DeleteNonlocalLoginPlaces({ Ids: [a.Id, b.Id] });
  assert.equal((await yj.DescribeNonlocalLoginPlaces({ Uuid: m.uuid })).TotalCount, 0);
});

test("usual login places: create, quota of 10 per client (LimitExceeded.AreaQuota), delete", async () => {
  const yj = sdk("yunjing", server);
  const m = await registerMachine(server, { name: "login-2" });
  await yj.CreateUsualLoginPlaces({ Uuids: [m.uuid], Places: [shenzhen, { CountryId: 1, ProvinceId: 1, CityId: 1 }] });
  const many = Array.from({ length: 9 }, (_, i) => ({ CountryId: 1, ProvinceId: 2, CityId: 100 + i }));
  const e = await expectCode(yj.CreateUsualLoginPlaces({ Uuids: [m.uuid], Places: many }), "LimitExceeded.AreaQuota");
  assert.match(e.message, /at most 10/);
  assert.equal((await yj.DescribeUsualLoginPlaces({ Uuid: m.uuid })).UsualLoginPlaces!.length, 2);
  await yj.CreateUsualLoginPlaces({ Uuids: [m.uuid], Places: many.slice(0, 8) });
  assert.equal((await yj.DescribeUsualLoginPlaces({ Uuid: m.uuid })).UsualLoginPlaces!.length, 10);
  await yj.DeleteUsualLoginPlaces({ Uuid: m.uuid, CityIds: [233, 1] });
  assert.equal((await yj.DescribeUsualLoginPlaces({ Uuid: m.uuid })).UsualLoginPlaces!.length, 8);
  await expectCode(yj.CreateUsualLoginPlaces({ Uuids: [m.uuid], Places: [{ CountryId: 2, ProvinceId: 1, CityId: 1 }] }), "InvalidParameter.InvalidFormat");
  await expectCode(yj.CreateUsualLoginPlaces({ Uuids: [], Places: [shenzhen] }), "InvalidParameter.MissingParameter");
  await expectCode(yj.DescribeUsualLoginPlaces({ Uuid: "6b6cd843-6bc1-4011-a74c-dc3fd26a7dd1" }), "ResourceNotFound");
});

test("login allowlist: CRUD, and a matching rule makes a login normal", async () => {
  const yj = sdk("yunjing", server);
  const m = await registerMachine(server, { name: "login-3", ip: "10.2.0.3" });
  await yj.AddLoginWhiteList({ Rules: { Places: [], SrcIp: "203.0.113.0/24", UserName: "deploy", IsGlobal: false, HostIp: "10.2.0.3" } });
  let list = await yj.DescribeLoginWhiteList({ Filters: [{ Name: "Keywords", Values: ["deploy"] }] });
  assert.equal(list.TotalCount, 1);
  const rule = list.LoginWhiteLists![0];
  assert.equal(rule.Uuid, m.uuid);
  assert.equal(rule.MachineName, "login-3");
  assert.equal(rule.SrcIp, "203.0.113.0/24");

  assert.equal((await seed(server, m.uuid, "nonlocal-logins", { SrcIp: "203.0.113.9", UserName: "deploy" })).record.Status, "NORMAL_LOGIN");
  assert.equal((await seed(server, m.uuid, "nonlocal-logins", { SrcIp: "203.0.113.9", UserName: "root" })).record.Status, "NON_LOCAL_LOGIN");

  await yj.ModifyLoginWhiteList({ Rules: { Id: rule.Id, Places: [shenzhen], SrcIp: "", UserName: "root", IsGlobal: true, HostIp: "", StartTime: "2020-01-01 00:00:00", EndTime: "2099-01-01 00:00:00" } });
  list = await yj.DescribeLoginWhiteList({});
  assert.equal(list.LoginWhiteLists![0].IsGlobal, true);
  assert.equal(list.LoginWhiteLists![0].StartTime, "2020-01-01 00:00:00");
  await expectCode(yj.ModifyLoginWhiteList({ Rules: { Places: [], SrcIp: "1.1.1.1", UserName: "", IsGlobal: true, HostIp: "" } }), "InvalidParameter.MissingParameter");
  await expectCode(yj.ModifyLoginWhiteList({ Rules: { Id: 999, Places: [], SrcIp: "1.1.1.1", UserName: "", IsGlobal: true, HostIp: "" } }), "ResourceNotFound");
  await expectCode(yj.AddLoginWhiteList({ Rules: { Places: [], SrcIp: "1.1.1.300", UserName: "", IsGlobal: true, HostIp: "" } }), "InvalidParameter.InvalidFormat");
  await expectCode(yj.AddLoginWhiteList({ Rules: { Places: [], SrcIp: "1.1.1.1", UserName: "", IsGlobal: true, HostIp: "", StartTime: "yesterday" } }), "InvalidParameter.ParsingError");
  await expectCode(yj.AddLoginWhiteList({ Rules: { Places: [], SrcIp: "", UserName: "", IsGlobal: true, HostIp: "" } }), "InvalidParameter.MissingParameter");
  await yj.DeleteLoginWhiteList({ Ids: [rule.Id] });
  assert.equal((await yj.DescribeLoginWhiteList({})).TotalCount, 0);
});

test("brute-force attacks: status filter FAILED/SUCCESS, Pro hosts block sources, delete", async () => {
  const yj = sdk("yunjing", server);
  const m = await registerMachine(server, { name: "brute-1", region: "ap-guangzhou" });
  await yj.OpenProVersion({ MachineType: "CVM", MachineRegion: "ap-guangzhou", Quuids: [m.quuid] });
  const a = await seed(server, m.uuid, "brute-attacks", { SrcIp: "45.1.1.1", Count: 300 });
  const b = await seed(server, m.uuid, "brute-attacks", { Status: "BRUTEATTACK_SUCCESS", UserName: "admin" });
  const failed = await yj.DescribeBruteAttacks({ Uuid: m.uuid, Filters: [{ Name: "Status", Values: ["FAILED"] }] });
  assert.deepEqual(failed.BruteAttacks!.map((x) => [x.Id, x.Count, x.BanStatus, x.IsProVersion]), [[a.Id, 300, "1", true]]);
  const ok = await yj.DescribeBruteAttacks({ Filters: [{ Name: "Status", Values: ["SUCCESS"] }, { Name: "Keywords", Values: ["admin"] }] });
  assert.deepEqual(ok.BruteAttacks!.map((x) => x.Id), [b.Id]);
  await yj.DeleteBruteAttacks({ Ids: [a.Id] });
  assert.equal((await yj.DescribeBruteAttacks({ Uuid: m.uuid })).TotalCount, 1);
});
