import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { assertComplete } from "../helpers/complete";
import { expectCode, sdk } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const advance = (seconds: number) => server.control("POST", "/clock", { advanceSeconds: seconds });
const DAY = 86_400;

/** A fresh account with its own balance, and a CBS client for it. */
async function account(balance: number) {
  const a = await server.control("POST", "/accounts", { balance });
  const cbs = sdk("cbs", server, { credential: { secretId: a.secretId, secretKey: a.secretKey } });
  const balanceNow = async (): Promise<number> => (await server.control("GET", "/accounts")).accounts.find((x: { uin: string }) => x.uin === a.uin).balance;
  return { uin: a.uin as string, cbs, balance: balanceNow };
}

const prepaid = (period = 1, extra: Record<string, unknown> = {}) => ({
  Placement: { Zone: "ap-guangzhou-3" },
  DiskChargeType: "PREPAID",
  DiskChargePrepaid: { Period: period },
  DiskType: "CLOUD_PREMIUM",
  DiskSize: 100,
  ...extra,
});

test("prices are deterministic: CLOUD_PREMIUM is 0.35 CNY per GiB and month prepaid, 0.0006 per GiB and hour pay-as-you-go", async () => {
  const cbs = sdk("cbs", server);
  const month = await cbs.InquiryPriceCreateDisks({ DiskChargeType: "PREPAID", DiskType: "CLOUD_PREMIUM", DiskSize: 100, DiskChargePrepaid: { Period: 1 } });
  assertComplete("cbs", "InquiryPriceCreateDisks", month);
  assert.equal(month.DiskPrice!.OriginalPrice, 35);
  assert.equal(month.DiskPrice!.DiscountPrice, 35);
  assert.equal(month.DiskPrice!.UnitPrice, null);
  const year = await cbs.InquiryPriceCreateDisks({ DiskChargeType: "PREPAID", DiskType: "CLOUD_PREMIUM", DiskSize: 100, DiskCount: 2, DiskChargePrepaid: { Period: 12 } });
  assert.equal(year.DiskPrice!.OriginalPrice, 840);
  assert.equal(year.DiskPrice!.DiscountPrice, 697.2);
  const hourly = await cbs.InquiryPriceCreateDisks({ DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_PREMIUM", DiskSize: 100 });
  assert.equal(hourly.DiskPrice!.UnitPrice, 0.06);
  assert.equal(hourly.DiskPrice!.ChargeUnit, "HOUR");
  assert.equal(hourly.DiskPrice!.OriginalPrice, null);
  const tssd = await cbs.InquiryPriceCreateDisks({ DiskChargeType: "PREPAID", DiskType: "CLOUD_TSSD", DiskSize: 500, ThroughputPerformance: 100, DiskChargePrepaid: { Period: 1 } });
  assert.equal(tssd.DiskPrice!.OriginalPrice, 825, "500 GiB × 1.6 + 100 MiB/s × 0.25");
  await expectCode(cbs.InquiryPriceCreateDisks({ DiskChargeType: "PREPAID", DiskType: "CLOUD_PREMIUM", DiskSize: 5, DiskChargePrepaid: { Period: 1 } }), "InvalidParameterValue");
});

test("a prepaid disk is charged to the balance; a short balance is refused; it can be returned within 5 days, once", async () => {
  const a = await account(50);
  await expectCode(a.cbs.CreateDisks(prepaid(2) as never), "InvalidAccount.InsufficientBalance");
  assert.equal(await a.balance(), 50, "nothing is charged when the purchase fails");
  const [id] = (await a.cbs.CreateDisks(prepaid(1) as never)).DiskIdSet!;
  assert.equal(await a.balance(), 15);
  const d = (await a.cbs.DescribeDisks({ DiskIds: [id] })).DiskSet![0];
  assert.equal(d.DiskChargeType, "PREPAID");
  assert.equal(d.IsReturnable, true);
  assert.equal(d.ReturnFailCode, 0);
  assert.ok(d.DifferDaysOfDeadline! >= 28 && d.DifferDaysOfDeadline! <= 31);
  assert.match(d.DeadlineTime!, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  await a.cbs.TerminateDisks({ DiskIds: [id] });
  assert.equal(await a.balance(), 50, "returned within 5 days: fully refunded");
  const gone = (await a.cbs.DescribeDisks({ DiskIds: [id] })).DiskSet![0];
  assert.equal(gone.DiskState, "TORECYCLE");
  assert.equal(gone.ReturnFailCode, 1);
  await expectCode(a.cbs.TerminateDisks({ DiskIds: [id] }), "InvalidDisk.RepeatRefund");
  await advance(7 * DAY + 1);
  assert.equal((await a.cbs.DescribeDisks({ DiskIds: [id] })).TotalCount, 0, "the recycle bin is emptied after 7 days");

  const [late] = (await a.cbs.CreateDisks(prepaid(1) as never)).DiskIdSet!;
  await advance(6 * DAY);
  assert.equal((await a.cbs.DescribeDisks({ DiskIds: [late] })).DiskSet![0].ReturnFailCode, 3);
  await expectCode(a.cbs.TerminateDisks({ DiskIds: [late] }), "InvalidDisk.NotSupportRefund");
});

test("renewal extends the deadline and charges; an expired disk goes to the recycle bin until renewed; auto-renew charges itself", async () => {
  const a = await account(1000);
  const [id] = (await a.cbs.CreateDisks(prepaid(1) as never)).DiskIdSet!;
  const deadline0 = (await a.cbs.DescribeDisks({ DiskIds: [id] })).DiskSet![0].DeadlineTime!;
  const quote = await a.cbs.InquiryPriceRenewDisks({ DiskIds: [id], DiskChargePrepaids: [{ Period: 1 }] });
  assertComplete("cbs", "InquiryPriceRenewDisks", quote);
  assert.equal(quote.DiskPrice!.DiscountPrice, 35);
  assert.deepEqual(quote.DiskPrice!.DetailPrices!.map((p) => p.PriceName), ["DiskSpace", "DiskBackupQuota", "DiskExtraPerformance"]);
  assertComplete("cbs", "RenewDisk", await a.cbs.RenewDisk({ DiskId: id, DiskChargePrepaid: { Period: 1 } }));
  assert.equal(await a.balance(), 1000 - 35 - 35);
  const deadline1 = (await a.cbs.DescribeDisks({ DiskIds: [id] })).DiskSet![0].DeadlineTime!;
  assert.ok(deadline1 > deadline0);

  await advance(63 * DAY);
  const expired = (await a.cbs.DescribeDisks({ DiskIds: [id] })).DiskSet![0];
  assert.equal(expired.DiskState, "TORECYCLE");
  assert.equal(expired.ReturnFailCode, 2);
  await expectCode(a.cbs.ResizeDisk({ DiskId: id, DiskSize: 200 }), "InvalidDisk.Expire");
  await expectCode(a.cbs.InquiryPriceResizeDisk({ DiskId: id, DiskSize: 200 }), "InvalidDisk.Expire");
  await a.cbs.RenewDisk({ DiskId: id, DiskChargePrepaid: { Period: 1 } });
  assert.equal((await a.cbs.DescribeDisks({ DiskIds: [id] })).DiskSet![0].DiskState, "UNATTACHED");

  assertComplete("cbs", "ModifyDisksRenewFlag", await a.cbs.ModifyDisksRenewFlag({ DiskIds: [id], RenewFlag: "NOTIFY_AND_AUTO_RENEW" }));
  const before = await a.balance();
  await advance(40 * DAY);
  const renewed = (await a.cbs.DescribeDisks({ DiskIds: [id] })).DiskSet![0];
  assert.equal(renewed.DiskState, "UNATTACHED");
  assert.equal(renewed.RenewFlag, "NOTIFY_AND_AUTO_RENEW");
  assert.equal(await a.balance(), before - 35, "one month renewed automatically");
});

test("resizing, extra performance and a change to prepaid are charged for the rest of the term; back to pay-as-you-go refunds it", async () => {
  const a = await account(1000);
  const [id] = (await a.cbs.CreateDisks(prepaid(1, { DiskType: "CLOUD_HSSD", DiskSize: 500 }) as never)).DiskIdSet!;
  assert.equal(await a.balance(), 400);
  const q = await a.cbs.InquiryPriceResizeDisk({ DiskId: id, DiskSize: 600 });
  assertComplete("cbs", "InquiryPriceResizeDisk", q);
  assert.equal(q.DiskPrice!.DiscountPrice, 120);
  await a.cbs.ResizeDisk({ DiskId: id, DiskSize: 600 });
  assert.equal(await a.balance(), 280);
  await advance(10);
  const pq = await a.cbs.InquirePriceModifyDiskExtraPerformance({ DiskId: id, ThroughputPerformance: 200 });
  assertComplete("cbs", "InquirePriceModifyDiskExtraPerformance", pq);
  assert.equal(pq.DiskPrice!.DiscountPrice, 50);
  await a.cbs.ModifyDiskExtraPerformance({ DiskId: id, ThroughputPerformance: 200 });
  assert.equal(await a.balance(), 230);
  await expectCode(a.cbs.ModifyDiskExtraPerformance({ DiskId: id, ThroughputPerformance: 1000 }), "InvalidParameter");

  const [pg] = (await a.cbs.CreateDisks({ Placement: { Zone: "ap-guangzhou-3" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_PREMIUM", DiskSize: 100 })).DiskIdSet!;
  assertComplete("cbs", "ModifyDisksChargeType", await a.cbs.ModifyDisksChargeType({ DiskIds: [pg], DiskChargePrepaid: { Period: 1 } }));
  assert.equal((await a.cbs.DescribeDisks({ DiskIds: [pg] })).DiskSet![0].DiskChargeType, "PREPAID");
  assert.equal(await a.balance(), 195);
  await expectCode(a.cbs.ModifyDisksChargeType({ DiskIds: [pg], DiskChargePrepaid: { Period: 1 } }), "InvalidDisk.NotSupported");
  await a.cbs.ModifyDisksChargeType({ DiskIds: [pg], DiskChargePostpaid: true });
  assert.equal((await a.cbs.DescribeDisks({ DiskIds: [pg] })).DiskSet![0].DiskChargeType, "POSTPAID_BY_HOUR");
  assert.ok((await a.balance()) > 229.9, "the unused term is refunded");
});

test("prepaid returns are limited to 199 per account and year (InsufficientRefundQuota)", async () => {
  const a = await account(100_000);
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) ids.push(...(await a.cbs.CreateDisks(prepaid(1, { DiskSize: 10, DiskCount: 50 }) as never)).DiskIdSet!);
  await a.cbs.TerminateDisks({ DiskIds: ids.slice(0, 100) });
  await a.cbs.TerminateDisks({ DiskIds: ids.slice(100, 199) });
  assert.equal((await a.cbs.DescribeDisks({ DiskIds: [ids[199]] })).DiskSet![0].ReturnFailCode, 8);
  await expectCode(a.cbs.TerminateDisks({ DiskIds: [ids[199]] }), "InsufficientRefundQuota");
});

test("pay-as-you-go disks are limited to 500 per region (ResourceInsufficient.OverQuota)", async () => {
  const a = await server.control("POST", "/accounts", {});
  const tokyo = sdk("cbs", server, { region: "ap-tokyo", credential: { secretId: a.secretId, secretKey: a.secretKey } });
  for (let i = 0; i < 10; i++) await tokyo.CreateDisks({ Placement: { Zone: "ap-tokyo-1" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_PREMIUM", DiskSize: 10, DiskCount: 50 });
  await expectCode(
    tokyo.CreateDisks({ Placement: { Zone: "ap-tokyo-1" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_PREMIUM", DiskSize: 10 }),
    "ResourceInsufficient.OverQuota",
  );
  const [one] = (await tokyo.DescribeDisks({ Limit: 1 })).DiskSet!;
  await tokyo.TerminateDisks({ DiskIds: [one.DiskId!] });
  assert.equal((await tokyo.CreateDisks({ Placement: { Zone: "ap-tokyo-1" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_PREMIUM", DiskSize: 10 })).DiskIdSet!.length, 1);
});
