import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { expectCode, sdk } from "../helpers/sdk";
import { advance, registerMachine, seed, setOnline } from "./helpers";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

test("registered machines are listed by type and region with their agent status, filters and counters", async () => {
  const yj = sdk("yunjing", server);
  const a = await registerMachine(server, { name: "web-1", ip: "10.0.0.11", region: "ap-shanghai" });
  const b = await registerMachine(server, { name: "db-1", ip: "10.0.0.12", region: "ap-shanghai" });
  await registerMachine(server, { name: "bm-1", region: "ap-shanghai", machineType: "BM" });
  await seed(server, a.uuid, "malwares");
  await setOnline(server, b.uuid, false);

  const all = await yj.DescribeMachines({ MachineType: "CVM", MachineRegion: "ap-shanghai" });
  assert.equal(all.TotalCount, 2);
  const web = all.Machines!.find((m) => m.Quuid === a.quuid)!;
  assert.equal(web.MachineStatus, "ONLINE");
  assert.equal(web.Uuid, a.uuid);
  assert.equal(web.MalwareNum, 1);
  assert.equal(web.SecurityStatus, "RISK");
  assert.deepEqual(web.RegionInfo, { Region: "ap-shanghai", RegionName: "华东地区(上海)", RegionId: 4, RegionCode: "sh" });
  assert.equal(all.Machines!.find((m) => m.Quuid === b.quuid)!.MachineStatus, "OFFLINE");

  const offline = await yj.DescribeMachines({ MachineType: "CVM", MachineRegion: "ap-shanghai", Filters: [{ Name: "Status", Values: ["OFFLINE"] }] });
  assert.deepEqual(offline.Machines!.map((m) => m.MachineName), ["db-1"]);
  const kw = await yj.DescribeMachines({ MachineType: "CVM", MachineRegion: "ap-shanghai", Filters: [{ Name: "Keywords", Values: ["10.0.0.11"] }] });
  assert.deepEqual(kw.Machines!.map((m) => m.MachineName), ["web-1"]);
  const bm = await yj.DescribeMachines({ MachineType: "BM", MachineRegion: "ap-shanghai" });
  assert.equal(bm.TotalCount, 1);
  assert.match(bm.Machines![0].Quuid!, /^cpm-/);
  const paged = await yj.DescribeMachines({ MachineType: "CVM", MachineRegion: "ap-shanghai", Limit: 1, Offset: 1 });
  assert.equal(paged.Machines!.length, 1);
  assert.equal(paged.TotalCount, 2);

  await expectCode(yj.DescribeMachines({ MachineType: "VM", MachineRegion: "ap-shanghai" }), "InvalidParameter.InvalidFormat");
  await expectCode(yj.DescribeMachines({ MachineType: "CVM", MachineRegion: "ap-shanghai", Filters: [{ Name: "Status", Values: ["ONLINE", "OFFLINE"] }] }), "InvalidParameter.IllegalRequest");
  await expectCode(yj.DescribeMachines({ MachineType: "CVM", MachineRegion: "ap-shanghai", Limit: 101 }), "InvalidParameter.IllegalRequest");
});

test("DescribeMachineInfo and DeleteMachine: uninstalling twice is FailedOperation.MachineDelete", async () => {
  const yj = sdk("yunjing", server);
  const m = await registerMachine(server, { name: "info-1", os: "Ubuntu Server 20.04 LTS 64bit" });
  await advance(server, 3 * 86400 + 60);
  const info = await yj.DescribeMachineInfo({ Uuid: m.uuid });
  assert.equal(info.MachineName, "info-1");
  assert.equal(info.MachineOs, "Ubuntu Server 20.04 LTS 64bit");
  assert.equal(info.ProtectDays, 3);
  assert.equal(info.MachineStatus, "ONLINE");
  assert.equal(info.IsProVersion, false);
  assert.equal(info.PayMode, "");
  assert.equal(info.InstanceId, m.instanceId);

  await yj.DeleteMachine({ Uuid: m.uuid });
  const after = await yj.DescribeMachineInfo({ Uuid: m.uuid });
  assert.equal(after.Uuid, "");
  assert.equal(after.MachineStatus, "OFFLINE");
  const e = await expectCode(yj.DeleteMachine({ Uuid: m.uuid }), "FailedOperation.MachineDelete");
  assert.match(e.message, /already been uninstalled/);
  await expectCode(yj.DescribeMachineInfo({ Uuid: "00000000-0000-4000-8000-000000000000" }), "ResourceNotFound");
  await expectCode(yj.DescribeMachineInfo({}), "InvalidParameter.MissingParameter");
  await expectCode(yj.DescribeMachineInfo({ Uuid: "not-a-uuid" }), "InvalidParameter.InvalidFormat");
});

test("tags: EditTags creates and renames, AddMachineTag/DeleteMachineTag relate hosts, DeleteTags removes", async () => {
  const yj = sdk("yunjing", server);
  const a = await registerMachine(server, { name: "tag-a", region: "ap-beijing" });
  const b = await registerMachine(server, { name: "tag-b", region: "ap-beijing" });
  await yj.EditTags({ Name: "prod", Quuids: [a.quuid] });
  let tags = await yj.DescribeTags({});
  const prod = tags.List!.find((t) => t.Name === "prod")!;
  assert.equal(prod.Count, 1);
  await yj.AddMachineTag({ Quuid: b.quuid, TagId: prod.Id, MRegion: "ap-beijing", MArea: "CVM" });
  const tm = await yj.DescribeTagMachines({ Id: prod.Id });
  assert.deepEqual(tm.List!.map((x) => x.MachineName).sort(), ["tag-a", "tag-b"]);
  const rid = Number(tm.List!.find((x) => x.Quuid === b.quuid)!.Id);
  const listed = await yj.DescribeMachines({ MachineType: "CVM", MachineRegion: "ap-beijing" });
  assert.deepEqual(listed.Machines!.find((x) => x.Quuid === b.quuid)!.Tag, [{ Rid: rid, Name: "prod", TagId: prod.Id }]);
  await yj.DeleteMachineTag({ Rid: rid });
  await expectCode(yj.DeleteMachineTag({ Rid: rid }), "ResourceNotFound");
  await yj.EditTags({ Id: prod.Id, Name: "production" });
  tags = await yj.DescribeTags({ MachineRegion: "ap-beijing" });
  assert.deepEqual(tags.List!.map((t) => [t.Name, t.Count]), [["production", 1]]);
  await expectCode(yj.EditTags({ Name: "a-name-longer-than-15" }), "InvalidParameterValue.TagNameLengthLimit");
  await expectCode(yj.AddMachineTag({ Quuid: a.quuid, TagId: 999, MRegion: "ap-beijing", MArea: "CVM" }), "ResourceNotFound");
  await expectCode(yj.AddMachineTag({ Quuid: a.quuid, TagId: prod.Id, MRegion: "ap-shanghai", MArea: "CVM" }), "ResourceNotFound");
  await yj.DeleteTags({ Ids: [prod.Id] });
  assert.equal((await yj.DescribeTags({})).List!.length, 0);
  await expectCode(yj.DescribeTagMachines({ Id: prod.Id }), "ResourceNotFound");
});

test("Pro edition: postpaid open/close, prepaid purchase charged to the balance, renew, renew flag, auto-open", async () => {
  const yj = sdk("yunjing", server);
  const m = await registerMachine(server, { name: "pro-1", region: "ap-chengdu" });
  const n = await registerMachine(server, { name: "pro-2", region: "ap-chengdu" });
  await yj.OpenProVersion({ MachineType: "CVM", MachineRegion: "ap-chengdu", Quuids: [m.quuid] });
  let info = await yj.DescribeMachineInfo({ Uuid: m.uuid });
  assert.equal(info.IsProVersion, true);
  assert.equal(info.PayMode, "POSTPAY");
  await expectCode(yj.OpenProVersion({ MachineType: "CVM", MachineRegion: "ap-chengdu", Quuids: [m.quuid] }), "FailedOperation.OpenProVersion");
  await yj.CloseProVersion({ Quuid: m.quuid });
  assert.equal((await yj.DescribeMachineInfo({ Uuid: m.uuid })).IsProVersion, false);
  await expectCode(yj.CloseProVersion({ Quuid: m.quuid }), "FailedOperation.CloseProVersion");

  const machines = [{ MachineType: "CVM", MachineRegion: "ap-chengdu", Quuid: n.quuid }];
  const price = await yj.InquiryPriceOpenProVersionPrepaid({ ChargePrepaid: { Period: 3 }, Machines: machines });
  assert.deepEqual(price, { OriginalPrice: 300, DiscountPrice: 266.64, RequestId: price.RequestId });
  const balance = async () => (await server.control("GET", "/accounts")).accounts.find((a: any) => a.uin === "100000000001").balance as number;
  const before = await balance();
  const deal = await yj.OpenProVersionPrepaid({ ChargePrepaid: { Period: 3, RenewFlag: "NOTIFY_AND_MANUAL_RENEW" }, Machines: machines });
  assert.match(deal.DealIds![0], /^\d{14}$/);
  assert.equal(Math.round((before - (await balance())) * 100) / 100, 266.64);
  info = await yj.DescribeMachineInfo({ Uuid: n.uuid });
  assert.equal(info.PayMode, "PREPAY");
  await expectCode(yj.CloseProVersion({ Quuid: n.quuid }), "FailedOperation.PrePayMode");
  await expectCode(yj.InquiryPriceOpenProVersionPrepaid({ ChargePrepaid: { Period: 1 }, Machines: machines }), "FailedOperation.InquiryPrice");
  await expectCode(yj.InquiryPriceOpenProVersionPrepaid({ ChargePrepaid: { Period: 13 }, Machines: machines }), "InvalidParameter.InvalidFormat");
  await yj.RenewProVersion({ ChargePrepaid: { Period: 1 }, Quuid: n.quuid });
  await yj.ModifyProVersionRenewFlag({ RenewFlag: "NOTIFY_AND_AUTO_RENEW", Quuid: n.quuid });
  await expectCode(yj.ModifyProVersionRenewFlag({ RenewFlag: "NOTIFY_AND_AUTO_RENEW", Quuid: m.quuid }), "ResourceNotFound");
  await expectCode(yj.RenewProVersion({ ChargePrepaid: { Period: 1 }, Quuid: m.quuid }), "ResourceNotFound");

  // 3 + 1 months bought; auto-renewal keeps it Pro past the deadline.
  await advance(server, 130 * 86400);
  assert.equal((await yj.DescribeMachineInfo({ Uuid: n.uuid })).IsProVersion, true);
  await yj.ModifyProVersionRenewFlag({ RenewFlag: "NOTIFY_AND_MANUAL_RENEW", Quuid: n.quuid });
  await advance(server, 40 * 86400);
  assert.equal((await yj.DescribeMachineInfo({ Uuid: n.uuid })).IsProVersion, false);

  await yj.ModifyAutoOpenProVersionConfig({ Status: "OPEN" });
  const auto = await registerMachine(server, { name: "auto-pro", region: "ap-chengdu" });
  assert.equal(auto.isProVersion, true);
  const pv = await yj.DescribeProVersionInfo();
  assert.equal(pv.IsAutoOpenProVersion, true);
  assert.ok(pv.ProVersionNum! >= 1);
  await yj.ModifyAutoOpenProVersionConfig({ Status: "CLOSE" });
  await expectCode(yj.ModifyAutoOpenProVersionConfig({ Status: "ON" }), "InvalidParameter.InvalidFormat");
  // A postpaid day is settled once it is over: yesterday cost 4 per Pro host.
  await advance(server, 86400);
  assert.equal((await yj.DescribeProVersionInfo()).PostPayCost, 4 * pv.ProVersionNum!);
});

test("a short balance cannot buy prepaid Pro (FailedOperation.TradeError) and postpaid Pro ends in arrears", async () => {
  const acct = await server.control("POST", "/accounts", { balance: 50 });
  const yj = sdk("yunjing", server, { credential: { secretId: acct.secretId, secretKey: acct.secretKey } });
  const m = await registerMachine(server, { name: "poor", region: "ap-guangzhou" }, acct.uin);
  const machines = [{ MachineType: "CVM", MachineRegion: "ap-guangzhou", Quuid: m.quuid }];
  const e = await expectCode(yj.OpenProVersionPrepaid({ ChargePrepaid: { Period: 1 }, Machines: machines }), "FailedOperation.TradeError");
  assert.match(e.message, /cannot pay 88\.88/);
  assert.equal((await yj.DescribeMachineInfo({ Uuid: m.uuid })).IsProVersion, false);
  await yj.OpenProVersion({ MachineType: "CVM", MachineRegion: "ap-guangzhou", Quuids: [m.quuid] });
  await advance(server, 20 * 86400);
  assert.equal((await yj.DescribeMachineInfo({ Uuid: m.uuid })).IsProVersion, false);
});
