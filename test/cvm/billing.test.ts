import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { withControlContext } from "../../src/control/context";
import { addMonths, formatDateTime } from "../../src/platform/clock";
import { round2 } from "../../src/platform/money";
import { expectCode, sdk } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const HOUR = 3600;
const DAY = 86_400;
const advance = (seconds: number) => server.control("POST", "/clock", { advanceSeconds: seconds });

/** A fresh account with `balance` CNY, its CVM and CBS clients, and its balance as the platform holds it. */
async function account(balance: number) {
  const a = await server.control("POST", "/accounts", { balance });
  const credential = { secretId: a.secretId, secretKey: a.secretKey };
  return {
    cvm: sdk("cvm", server, { credential }),
    cbs: sdk("cbs", server, { credential }),
    balance: () => withControlContext(server.app, "cvm", { uin: a.uin, region: "ap-guangzhou" }, async (ctx) => (await ctx.account()).balance),
    setBalance: (b: number) => server.control("PATCH", `/accounts/${a.uin}`, { balance: b }),
  };
}

type Acc = Awaited<ReturnType<typeof account>>;
const base = { Placement: { Zone: "ap-guangzhou-3" }, ImageId: "img-9qabwvbn", InstanceType: "S5.SMALL1" };
const prepaid = (RenewFlag: string) => ({ ...base, InstanceChargeType: "PREPAID", InstanceChargePrepaid: { Period: 1, RenewFlag } });
const describe = async (a: Acc, id: string) => (await a.cvm.DescribeInstances({ InstanceIds: [id] })).InstanceSet?.[0];

test("a prepaid instance with NOTIFY_AND_AUTO_RENEW renews itself for a month at its ExpiredTime, charged to the balance; its system disk follows", async () => {
  const a = await account(1000);
  const id = (await a.cvm.RunInstances(prepaid("NOTIFY_AND_AUTO_RENEW"))).InstanceIdSet![0];
  // S5.SMALL1: 35 + 15 a month, plus a 50 GiB CLOUD_BSSD system disk at 0.5 per GiB.
  assert.equal(await a.balance(), 925);
  const first = (await describe(a, id))!;
  const deadline = Date.parse(first.ExpiredTime!);
  await advance(31 * DAY + 60);
  const renewed = (await describe(a, id))!;
  assert.equal(Date.parse(renewed.ExpiredTime!), addMonths(deadline, 1), "ExpiredTime moves by one month");
  assert.equal(renewed.InstanceState, "RUNNING");
  assert.equal(renewed.RestrictState, "NORMAL");
  assert.equal(await a.balance(), 850, "one month charged");
  const disk = (await a.cbs.DescribeDisks({ DiskIds: [renewed.SystemDisk!.DiskId!] })).DiskSet![0];
  assert.equal(disk.DeadlineTime, formatDateTime(addMonths(deadline, 1)), "the non-elastic system disk is renewed with its instance");
  // Two more deadlines passed at once: two months charged.
  await advance(62 * DAY);
  assert.equal(Date.parse((await describe(a, id))!.ExpiredTime!), addMonths(deadline, 3));
  assert.equal(await a.balance(), 700);
});

test("without automatic renewal (or with a short balance) a prepaid instance expires: SHUTDOWN in the recycle bin for 7 days, then released", async () => {
  const a = await account(1000);
  const manual = (await a.cvm.RunInstances(prepaid("NOTIFY_AND_MANUAL_RENEW"))).InstanceIdSet![0];
  const auto = (await a.cvm.RunInstances(prepaid("NOTIFY_AND_AUTO_RENEW"))).InstanceIdSet![0];
  assert.equal(await a.balance(), 850);
  await advance(15);
  await a.setBalance(10);
  await advance(31 * DAY);
  for (const id of [manual, auto]) {
    const i = (await describe(a, id))!;
    assert.equal(i.InstanceState, "SHUTDOWN");
    assert.equal(i.RestrictState, "EXPIRED");
    assert.equal(i.IsolatedSource, "EXPIRE");
  }
  assert.equal(await a.balance(), 10, "a short balance is not charged");
  await expectCode(a.cvm.StartInstances({ InstanceIds: [manual] }), "UnsupportedOperation.InstanceStateShutdown");
  await expectCode(a.cvm.StopInstances({ InstanceIds: [manual] }), "UnsupportedOperation.InstanceStateShutdown");
  await expectCode(a.cvm.RebootInstances({ InstanceIds: [manual] }), "UnsupportedOperation.InstanceStateShutdown");
  await expectCode(a.cvm.ResetInstancesType({ InstanceIds: [manual], InstanceType: "S5.MEDIUM2" }), "UnsupportedOperation.InstanceStateShutdown");
  await expectCode(a.cvm.RenewInstances({ InstanceIds: [manual], InstanceChargePrepaid: { Period: 1 } }), "InvalidAccount.InsufficientBalance");
  // RenewInstances within the 7 days brings it back, from now.
  await a.setBalance(1000);
  await a.cvm.RenewInstances({ InstanceIds: [manual], InstanceChargePrepaid: { Period: 1 } });
  assert.equal(await a.balance(), 925);
  await advance(10);
  const back = (await describe(a, manual))!;
  assert.equal(back.InstanceState, "RUNNING");
  assert.equal(back.IsolatedSource, "NOTISOLATED");
  assert.ok(Date.parse(back.ExpiredTime!) > Date.now(), "renewed from now");
  // The other one is released 7 days after it expired.
  await advance(6 * DAY);
  assert.equal((await describe(a, auto))!.InstanceState, "SHUTDOWN");
  await advance(DAY);
  assert.equal(await describe(a, auto), undefined);
  assert.equal((await describe(a, manual))!.InstanceState, "RUNNING");
});

test("a pay-as-you-go instance pays each full hour at the price InquiryPriceRunInstances quotes; stopped without charging, its disks only", async () => {
  const a = await account(100);
  const unit = (await a.cvm.InquiryPriceRunInstances(base)).Price!.InstancePrice!.UnitPrice!;
  const id = (await a.cvm.RunInstances(base)).InstanceIdSet![0];
  assert.equal(await a.balance(), 100, "nothing is paid up front");
  await advance(HOUR - 60);
  await describe(a, id);
  assert.equal(await a.balance(), 100, "no full hour yet");
  await advance(2 * HOUR + 60);
  await describe(a, id);
  assert.equal(await a.balance(), round2(100 - round2(unit * 3)), "3 hours after 3 hours");
  const paid = await a.balance();
  await a.cvm.StopInstances({ InstanceIds: [id], StoppedMode: "STOP_CHARGING" });
  await advance(2 * HOUR);
  await describe(a, id);
  const disk = round2(0.0008 * 50);
  assert.equal(await a.balance(), round2(paid - round2(disk * 2)), "stopped without charging: the 50 GiB system disk only");
  await a.cvm.TerminateInstances({ InstanceIds: [id] });
  const after = await a.balance();
  await advance(5 * HOUR);
  await a.cvm.DescribeInstances({});
  assert.equal(await a.balance(), after, "a terminated instance pays nothing more");
});

test("when the balance cannot pay an hour a pay-as-you-go instance runs 2 more hours, then shuts down for arrears until the balance pays what it owes", async () => {
  const a = await account(100);
  const unit = (await a.cvm.InquiryPriceRunInstances(base)).Price!.InstancePrice!.UnitPrice!;
  const id = (await a.cvm.RunInstances(base)).InstanceIdSet![0];
  const other = (await a.cvm.RunInstances(base)).InstanceIdSet![0];
  await advance(15);
  await a.cvm.TerminateInstances({ InstanceIds: [other] });
  await a.setBalance(round2(unit * 2.5));
  await advance(3 * HOUR);
  assert.equal((await describe(a, id))!.InstanceState, "RUNNING", "2 hours paid, the third is owed: it keeps running");
  assert.equal(await a.balance(), round2(unit * 2.5 - round2(unit * 2)));
  await advance(2 * HOUR);
  const i = (await describe(a, id))!;
  assert.equal(i.InstanceState, "SHUTDOWN");
  assert.equal(i.IsolatedSource, "ARREAR");
  assert.equal(i.RestrictState, "EXPIRED");
  await expectCode(a.cvm.StartInstances({ InstanceIds: [id] }), "UnsupportedOperation.InstanceStateShutdown");
  await expectCode(a.cvm.RebootInstances({ InstanceIds: [id] }), "UnsupportedOperation.InstanceStateShutdown");
  // Billing stopped at the shutdown: a day later nothing more is owed.
  await advance(DAY);
  await a.setBalance(100);
  await a.cvm.StartInstances({ InstanceIds: [id] });
  assert.equal(await a.balance(), round2(100 - round2(unit * 3)), "the unpaid hour and the 2 hours of grace");
  await advance(10);
  const back = (await describe(a, id))!;
  assert.equal(back.InstanceState, "RUNNING");
  assert.equal(back.IsolatedSource, "NOTISOLATED");
  await advance(HOUR);
  await describe(a, id);
  assert.equal(await a.balance(), round2(100 - round2(unit * 3) - round2(unit)), "billing resumes from the start");
});

test("an instance shut down for arrears is released after 15 days", async () => {
  const a = await account(0.01);
  const id = (await a.cvm.RunInstances(base)).InstanceIdSet![0];
  await advance(3 * HOUR);
  assert.equal((await describe(a, id))!.IsolatedSource, "ARREAR");
  // Shut down 3 hours after launch (the first hour unpaid, then 2 of grace).
  await advance(15 * DAY - 60);
  assert.equal((await describe(a, id))!.InstanceState, "SHUTDOWN");
  await advance(120);
  assert.equal(await describe(a, id), undefined);
});
