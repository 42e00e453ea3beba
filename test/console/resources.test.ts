import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { common, expectCode, sdk } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { policyDoc } from "../cam/helpers";
import { bucketName, cosClient, REGION } from "../cos/helpers";

/**
 * The control routes the console reads (and scripts may use): every resource kind of every product, each row
 * compared with what the product's own Describe action answers through the SDK.
 */
let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const get = (path: string) => server.control("GET", path);
const detail = async (service: string, kind: string, id: string, q = "") => (await get(`/resources/${service}/${kind}/${encodeURIComponent(id)}${q}`)).resource;
const rows = async (service: string, kind: string, q = "") => (await get(`/resources/${service}/${kind}${q}`)).items.map((i: { resource: unknown }) => i.resource);

test("GET /resources lists every product's kinds with counts for the account and region", async () => {
  const kms = sdk("kms", server);
  await kms.CreateKey({ Alias: "counted-1" });
  await kms.CreateKey({ Alias: "counted-2" });
  await sdk("kms", server, { region: "ap-shanghai" }).CreateKey({ Alias: "elsewhere" });
  const catalog = await get("/resources?region=ap-guangzhou");
  assert.equal(catalog.uin, "100000000001");
  assert.deepEqual(
    catalog.products.map((p: { service: string }) => p.service),
    ["kms", "cbs", "cvm", "vpc", "mongodb", "cloudaudit", "yunjing", "cam", "cos"],
  );
  const kinds = Object.fromEntries(catalog.products.map((p: { service: string; kinds: { kind: string; count: number }[] }) => [p.service, p.kinds]));
  assert.deepEqual(kinds.kms.map((k: { kind: string }) => k.kind), ["keys", "whitebox-keys", "data-keys"]);
  assert.deepEqual(kinds.cbs.map((k: { kind: string }) => k.kind), ["disks", "snapshots", "snapshot-groups", "auto-snapshot-policies"]);
  assert.deepEqual(kinds.mongodb.map((k: { kind: string }) => k.kind), ["instances", "tasks"]);
  assert.deepEqual(kinds.cloudaudit.map((k: { kind: string }) => k.kind), ["tracks", "tracking-sets"]);
  assert.ok(kinds.yunjing.some((k: { kind: string }) => k.kind === "agents"));
  assert.deepEqual(kinds.vpc.map((k: { kind: string }) => k.kind), ["vpcs", "subnets", "security-groups", "network-interfaces", "addresses"]);
  assert.deepEqual(kinds.cam.map((k: { kind: string }) => k.kind), ["users", "groups", "roles", "policies"]);
  assert.deepEqual(kinds.cos.map((k: { kind: string }) => k.kind), ["buckets"]);
  assert.equal(kinds.kms[0].count, 2);
  const shanghai = await get("/resources?region=ap-shanghai");
  assert.equal(shanghai.products[0].kinds[0].count, 1);
  assert.equal((await server.controlRaw("GET", "/resources?region=mars-1")).status, 400);
  assert.equal((await server.controlRaw("GET", "/resources?uin=999")).status, 404);
});

test("KMS keys, white-box keys and data keys read exactly as DescribeKey, DescribeWhiteBoxKey and DescribeDataKey answer", async () => {
  const kms = sdk("kms", server);
  const KeyId = (await kms.CreateKey({ Alias: "as-described", Description: "compare me" })).KeyId!;
  const dk = await kms.GenerateDataKey({ KeyId, KeySpec: "AES_256", IsHostedByKms: 1, DataKeyName: "console-dk" });
  await kms.DisableKey({ KeyId });
  await kms.ScheduleKeyDeletion({ KeyId, PendingWindowInDays: 7 });
  const described = (await kms.DescribeKey({ KeyId })).KeyMetadata!;
  assert.equal(described.KeyState, "PendingDelete");
  assert.deepEqual(await detail("kms", "keys", KeyId), described);
  assert.ok((await rows("kms", "keys")).some((r: { KeyId: string; KeyState: string }) => r.KeyId === KeyId && r.KeyState === "PendingDelete"));

  const dkDescribed = (await kms.DescribeDataKey({ DataKeyId: dk.DataKeyId! })).DataKeyMetadata!;
  assert.deepEqual(await detail("kms", "data-keys", dk.DataKeyId!), dkDescribed);

  const wb = await kms.CreateWhiteBoxKey({ Alias: "console-wb", Algorithm: "SM4" });
  const wbDescribed = (await kms.DescribeWhiteBoxKey({ KeyId: wb.KeyId! })).KeyInfo!;
  const wbRow = await detail("kms", "whitebox-keys", wb.KeyId!);
  // Key material never appears in a control listing: the rest is the Describe answer.
  assert.equal(wbRow.EncryptKey, "******");
  assert.equal(wbRow.DecryptKey, "******");
  assert.deepEqual({ ...wbRow, EncryptKey: wbDescribed.EncryptKey, DecryptKey: wbDescribed.DecryptKey }, wbDescribed);
});

test("CBS disks, snapshots, snapshot groups and policies; CVM instances read as their Describe actions answer", async () => {
  const cvm = sdk("cvm", server);
  const cbs = sdk("cbs", server);
  const { InstanceIdSet } = await cvm.RunInstances({ Placement: { Zone: "ap-guangzhou-3" }, ImageId: "img-9qabwvbn", InstanceType: "S5.MEDIUM4", InstanceName: "console-vm" });
  const instanceId = InstanceIdSet![0];
  assert.deepEqual(await detail("cvm", "instances", instanceId), (await cvm.DescribeInstances({ InstanceIds: [instanceId] })).InstanceSet![0]);

  const { DiskIdSet } = await cbs.CreateDisks({ Placement: { Zone: "ap-guangzhou-3" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_PREMIUM", DiskSize: 20, DiskName: "console-disk" });
  const diskId = DiskIdSet![0];
  assert.deepEqual(await detail("cbs", "disks", diskId), (await cbs.DescribeDisks({ DiskIds: [diskId] })).DiskSet![0]);
  const { SnapshotId } = await cbs.CreateSnapshot({ DiskId: diskId, SnapshotName: "console-snap" });
  assert.deepEqual(await detail("cbs", "snapshots", SnapshotId!), (await cbs.DescribeSnapshots({ SnapshotIds: [SnapshotId!] })).SnapshotSet![0]);
  const { AutoSnapshotPolicyId } = await cbs.CreateAutoSnapshotPolicy({ Policy: [{ DayOfWeek: [1], Hour: [2] }], AutoSnapshotPolicyName: "nightly" });
  assert.deepEqual(
    await detail("cbs", "auto-snapshot-policies", AutoSnapshotPolicyId!),
    (await cbs.DescribeAutoSnapshotPolicies({ AutoSnapshotPolicyIds: [AutoSnapshotPolicyId!] })).AutoSnapshotPolicySet![0],
  );
  const groups = await cbs.DescribeSnapshotGroups({});
  assert.equal((await rows("cbs", "snapshot-groups")).length, groups.TotalCount);

  // A terminated instance leaves DescribeInstances, and the console with it.
  await server.control("POST", "/clock", { advanceSeconds: 60 });
  await cvm.TerminateInstances({ InstanceIds: [instanceId] });
  await server.control("POST", "/clock", { advanceSeconds: 60 });
  assert.equal((await cvm.DescribeInstances({ InstanceIds: [instanceId] })).TotalCount, 0);
  assert.equal((await server.controlRaw("GET", `/resources/cvm/instances/${instanceId}`)).status, 404);
});

test("MongoDB instances and their running task, CloudAudit tracks and tracking sets, Host Security machines, agents and detections", async () => {
  const mongo = sdk("mongodb", server);
  const created = await mongo.CreateDBInstanceHour({
    Memory: 4, Volume: 250, ReplicateSetNum: 1, SecondaryNum: 2, EngineVersion: "MONGO_40_WT", Machine: "HIO10G", GoodsNum: 1, Zone: "ap-guangzhou-3", InstanceRole: "MASTER", InstanceType: "REPLSET",
  });
  const mongoId = created.InstanceIds![0];
  assert.deepEqual(await detail("mongodb", "instances", mongoId), (await mongo.DescribeDBInstances({ InstanceIds: [mongoId] })).InstanceDetails![0]);
  const task = await detail("mongodb", "tasks", mongoId);
  assert.equal(task.Kind, "create");
  assert.equal(task.InstanceId, mongoId);

  await server.control("POST", "/cloudaudit/buckets", { region: "ap-guangzhou", names: ["console-bucket"] });
  const ca = sdk("cloudaudit", server);
  const { TrackId } = await ca.CreateAuditTrack({
    Name: "console-track", ActionType: "*", ResourceType: "*", Status: 1, EventNames: ["*"],
    Storage: { StorageType: "cos", StorageRegion: "ap-guangzhou", StorageName: "console-bucket", StoragePrefix: "audit" },
  });
  assert.deepEqual(await detail("cloudaudit", "tracks", String(TrackId)), (await ca.DescribeAuditTracks({ PageNumber: 1, PageSize: 10 })).Tracks!.find((t) => t.TrackId === TrackId));
  const legacy = common(server, "cloudaudit", "2019-03-19");
  await legacy.request("CreateAudit", { AuditName: "console_set", CosRegion: "ap-guangzhou", CosBucketName: "console-set-bucket", IsCreateNewBucket: 1, IsEnableCmqNotify: 0, ReadWriteAttribute: 3 });
  const { RequestId: _ignored, ...audit } = await ca.DescribeAudit({ AuditName: "console_set" });
  assert.deepEqual(await detail("cloudaudit", "tracking-sets", "console_set"), audit);
  // Tracks and tracking sets belong to the account, whatever the region.
  assert.equal((await rows("cloudaudit", "tracking-sets", "?region=ap-tokyo")).length, 1);

  const machine = await server.control("POST", "/yunjing/machines", { name: "console-host", region: "ap-guangzhou" });
  const yj = sdk("yunjing", server);
  const listed = (await yj.DescribeMachines({ MachineType: "CVM", MachineRegion: "ap-guangzhou" })).Machines!.find((m) => m.Uuid === machine.uuid);
  assert.deepEqual(await detail("yunjing", "machines", machine.uuid), listed);
  const { RequestId: _r, ...info } = await yj.DescribeMachineInfo({ Uuid: machine.uuid });
  assert.deepEqual(await detail("yunjing", "agents", machine.uuid), info);
  const malware = await server.control("POST", `/yunjing/machines/${machine.uuid}/malwares`, { FilePath: "/tmp/<b>evil</b>", Md5: "0123456789abcdef0123456789abcdef" });
  const malwares = await yj.DescribeMalwares({ Limit: 10 });
  assert.deepEqual(await detail("yunjing", "malwares", String(malware.Id)), malwares.Malwares!.find((m) => m.Id === malware.Id));
  const vul = await server.control("POST", `/yunjing/machines/${machine.uuid}/vuls`, { VulName: "console-vul", VulLevel: "HIGH", VulType: "SYSTEM" });
  const { RequestId: _v, ...vulInfo } = await yj.DescribeVulInfo({ VulId: vul.record.vul.VulId });
  assert.deepEqual(await detail("yunjing", "vulnerabilities", String(vul.record.vul.VulId)), vulInfo);
  // Machines are listed in their region only.
  assert.equal((await rows("yunjing", "machines", "?region=ap-tokyo")).length, 0);
});

/** An API 3.0 answer without its RequestId: what a Get action says about one resource. */
const answer = <T extends { RequestId?: string }>(r: T): Omit<T, "RequestId"> => {
  const { RequestId: _id, ...rest } = r;
  return rest;
};

test("VPC VPCs, subnets, security groups, network interfaces and elastic IPs read as their Describe actions answer", async () => {
  const vpc = sdk("vpc", server);
  const { Vpc } = await vpc.CreateVpc({ VpcName: "console-vpc", CidrBlock: "10.40.0.0/16" });
  const VpcId = Vpc!.VpcId!;
  const { Subnet } = await vpc.CreateSubnet({ VpcId, SubnetName: "console-subnet", CidrBlock: "10.40.1.0/24", Zone: "ap-guangzhou-3" });
  const SubnetId = Subnet!.SubnetId!;
  const { SecurityGroup } = await vpc.CreateSecurityGroup({ GroupName: "console-sg", GroupDescription: "made by the SDK" });
  const { NetworkInterface } = await vpc.CreateNetworkInterface({ VpcId, SubnetId, NetworkInterfaceName: "console-eni" });
  const eni = NetworkInterface!.NetworkInterfaceId!;
  const eip = (await vpc.AllocateAddresses({})).AddressSet![0];

  assert.deepEqual(await detail("vpc", "vpcs", VpcId), (await vpc.DescribeVpcs({ VpcIds: [VpcId] })).VpcSet![0]);
  // The subnet's free-address count includes the interface's address: the same count DescribeSubnets gives.
  assert.deepEqual(await detail("vpc", "subnets", SubnetId), (await vpc.DescribeSubnets({ SubnetIds: [SubnetId] })).SubnetSet![0]);
  const sgId = SecurityGroup!.SecurityGroupId!;
  assert.deepEqual(await detail("vpc", "security-groups", sgId), (await vpc.DescribeSecurityGroups({ SecurityGroupIds: [sgId] })).SecurityGroupSet![0]);
  assert.deepEqual(await detail("vpc", "network-interfaces", eni), (await vpc.DescribeNetworkInterfaces({ NetworkInterfaceIds: [eni] })).NetworkInterfaceSet![0]);
  assert.deepEqual(await detail("vpc", "addresses", eip), (await vpc.DescribeAddresses({ AddressIds: [eip] })).AddressSet![0]);

  // Every row of each list is a row of its Describe list (the console lists newest first, whatever the action's order).
  const byId = <T>(key: keyof T) => (list: T[]) => [...list].sort((a, b) => String(a[key]).localeCompare(String(b[key])));
  assert.deepEqual(byId<{ VpcId: string }>("VpcId")(await rows("vpc", "vpcs")), byId<{ VpcId: string }>("VpcId")((await vpc.DescribeVpcs({})).VpcSet as { VpcId: string }[]));
  assert.deepEqual(byId<{ AddressId: string }>("AddressId")(await rows("vpc", "addresses")), byId<{ AddressId: string }>("AddressId")((await vpc.DescribeAddresses({})).AddressSet as { AddressId: string }[]));
  // Resources of a region stay in it.
  assert.equal((await rows("vpc", "vpcs", "?region=ap-shanghai")).some((v: { VpcId: string }) => v.VpcId === VpcId), false);
  await vpc.DeleteNetworkInterface({ NetworkInterfaceId: eni });
  assert.equal((await server.controlRaw("GET", `/resources/vpc/network-interfaces/${eni}`)).status, 404);
});

test("CAM sub-users, groups, roles and custom policies read as GetUser, GetGroup, GetRole and GetPolicy answer", async () => {
  const cam = sdk("cam", server);
  const user = await cam.AddUser({ Name: "console-user", Remark: "made by the SDK" });
  const { GroupId } = await cam.CreateGroup({ GroupName: "console-group", Remark: "ops" });
  await cam.AddUserToGroup({ Info: [{ Uid: user.Uid!, GroupId: GroupId! }] });
  const trust = policyDoc({ effect: "allow", action: ["name/sts:AssumeRole"], principal: { qcs: ["qcs::cam::uin/100000000001:root"] } });
  const { RoleId } = await cam.CreateRole({ RoleName: "console-role", PolicyDocument: trust, Description: "assumed by root" });
  const { PolicyId } = await cam.CreatePolicy({ PolicyName: "console-policy", PolicyDocument: policyDoc({ effect: "allow", action: ["kms:*"], resource: ["*"] }) });

  assert.deepEqual(await detail("cam", "users", String(user.Uin)), answer(await cam.GetUser({ Name: "console-user" })));
  const group = await detail("cam", "groups", String(GroupId));
  assert.deepEqual(group, answer(await cam.GetGroup({ GroupId: GroupId! })));
  assert.equal(group.GroupNum, 1);
  assert.deepEqual(await detail("cam", "roles", String(RoleId)), (await cam.GetRole({ RoleId: String(RoleId) })).RoleInfo);
  assert.deepEqual(await detail("cam", "policies", String(PolicyId)), answer(await cam.GetPolicy({ PolicyId: PolicyId! })));
  // CAM has no regions: the same identities whatever the region; preset policies are not listed.
  assert.ok((await rows("cam", "users", "?region=ap-tokyo")).some((u: { Name: string }) => u.Name === "console-user"));
  assert.deepEqual((await rows("cam", "policies")).map((p: { PolicyName: string }) => p.PolicyName), ["console-policy"]);
  // Another account's sub-users are not the default account's.
  const other = await server.control("POST", "/accounts", {});
  await server.control("POST", `/accounts/${other.uin}/users`, { name: "elsewhere", policy: null });
  const mine = (await rows("cam", "users")).map((u: { Name: string }) => u.Name);
  assert.ok(mine.includes("console-user") && !mine.includes("elsewhere"));
  assert.deepEqual((await rows("cam", "users", `?uin=${other.uin}`)).map((u: { Name: string }) => u.Name), ["elsewhere"]);
});

test("COS buckets read as GET Service lists them, with their versioning status and object count", async () => {
  const cos = cosClient(server);
  const Bucket = bucketName("console-bucket-list");
  await cos.putBucket({ Bucket, Region: REGION });
  await cos.putObject({ Bucket, Region: REGION, Key: "a.txt", Body: "a" });
  await cos.putObject({ Bucket, Region: REGION, Key: "dir/b.txt", Body: "b" });
  const listed = (await cos.getService({ Region: REGION })).Buckets.find((b) => b.Name === Bucket)!;
  const row = await detail("cos", "buckets", "console-bucket-list");
  assert.deepEqual(
    { Name: row.Name, Location: row.Location, CreationDate: row.CreationDate, BucketType: row.BucketType },
    { Name: listed.Name, Location: listed.Location, CreationDate: listed.CreationDate, BucketType: (listed as { BucketType?: string }).BucketType },
  );
  assert.equal(row.Versioning, "");
  assert.equal(row.ObjectCount, 2);

  await cos.putBucketVersioning({ Bucket, Region: REGION, VersioningConfiguration: { Status: "Enabled" } });
  // A delete in a versioned bucket leaves a delete marker: the object is no longer counted.
  await cos.deleteObject({ Bucket, Region: REGION, Key: "a.txt" });
  const versioned = await detail("cos", "buckets", "console-bucket-list");
  assert.equal(versioned.Versioning, (await cos.getBucketVersioning({ Bucket, Region: REGION })).VersioningConfiguration.Status);
  assert.equal(versioned.Versioning, "Enabled");
  assert.equal(versioned.ObjectCount, 1);
  assert.equal((await rows("cos", "buckets", "?region=ap-shanghai")).length, 0);
  assert.equal((await server.controlRaw("GET", "/resources/cos/buckets/no-such-bucket")).status, 404);
});

test("paging, sorting and search are done by the server; bad parameters answer 400, unknown kinds and ids 404", async () => {
  const uin = (await server.control("POST", "/accounts", {})).uin;
  await server.control("POST", "/cbs/disks/seed", { count: 120, uin });
  const q = `?uin=${uin}`;
  const first = await get(`/resources/cbs/disks${q}&limit=50`);
  assert.equal(first.totalCount, 120);
  assert.equal(first.items.length, 50);
  // Newest first: the last seeded disk leads.
  assert.equal(first.items[0].resource.DiskName, "seed-119");
  const last = await get(`/resources/cbs/disks${q}&offset=100&limit=50`);
  assert.equal(last.items.length, 20);
  assert.equal(last.items.at(-1).resource.DiskName, "seed-0");
  const names = new Set([...first.items, ...(await get(`/resources/cbs/disks${q}&offset=50&limit=50`)).items, ...last.items].map((i: { id: string }) => i.id));
  assert.equal(names.size, 120);

  const sorted = await get(`/resources/cbs/disks${q}&sort=DiskName&order=asc&limit=3`);
  assert.deepEqual(sorted.items.map((i: { resource: { DiskName: string } }) => i.resource.DiskName), ["seed-0", "seed-1", "seed-10"]);
  const desc = await get(`/resources/cbs/disks${q}&sort=DiskName&order=desc&limit=1`);
  assert.equal(desc.items[0].resource.DiskName, "seed-99");
  const found = await get(`/resources/cbs/disks${q}&search=SEED-11`);
  assert.deepEqual(found.items.map((i: { resource: { DiskName: string } }) => i.resource.DiskName).sort(), ["seed-11", "seed-110", "seed-111", "seed-112", "seed-113", "seed-114", "seed-115", "seed-116", "seed-117", "seed-118", "seed-119"]);
  assert.equal(found.totalCount, 11);

  for (const bad of ["limit=501", "limit=-1", "offset=x", "order=up", "sort=NoSuchColumn"]) {
    const r = await server.controlRaw("GET", `/resources/cbs/disks${q}&${bad}`);
    assert.equal(r.status, 400, bad);
    assert.match(r.body.error, /limit|offset|order|sort/);
  }
  assert.equal((await server.controlRaw("GET", "/resources/cbs/volumes")).status, 404);
  assert.equal((await server.controlRaw("GET", "/resources/s3/buckets")).status, 404);
  assert.equal((await server.controlRaw("GET", "/resources/cbs/disks/disk-nope0000")).status, 404);
  // Another account's disk is not found from the default account.
  assert.equal((await server.controlRaw("GET", `/resources/cbs/disks/${first.items[0].id}`)).status, 404);
  assert.equal((await server.controlRaw("GET", `/resources/cbs/disks/${first.items[0].id}${q}`)).status, 200);
});

test("an account's keys, users and credentials are listed without their secrets", async () => {
  const a = await server.control("POST", "/accounts", {});
  const user = await server.control("POST", `/accounts/${a.uin}/users`, { name: "dev", policy: { version: "2.0", statement: [{ effect: "allow", action: ["kms:*"], resource: ["*"] }] } });
  const cred = await server.control("POST", `/accounts/${a.uin}/credentials`, { durationSeconds: 600, subUin: user.subUin, mfa: true });
  const access = await get(`/accounts/${a.uin}/access`);
  assert.deepEqual(access.keys.map((k: { secretId: string }) => k.secretId).sort(), [a.secretId, user.secretId].sort());
  assert.deepEqual(access.users.map((u: { name: string; subUin: string }) => [u.name, u.subUin]), [["dev", user.subUin]]);
  assert.equal(access.credentials[0].tmpSecretId, cred.tmpSecretId);
  assert.equal(access.credentials[0].mfa, true);
  const text = JSON.stringify(access);
  for (const secret of [a.secretKey, user.secretKey, cred.tmpSecretKey, cred.token]) assert.ok(!text.includes(secret), "a secret leaked into the listing");
  assert.equal((await server.controlRaw("GET", "/accounts/123/access")).status, 404);
});

test("with --admin-token the read routes need the token like every control route", async () => {
  const guarded = await startTclocal({ adminToken: "resources-token" });
  try {
    assert.equal((await guarded.controlRaw("GET", "/resources")).status, 401);
    assert.equal((await guarded.controlRaw("GET", "/resources/kms/keys")).status, 401);
    assert.equal((await guarded.controlRaw("GET", "/products")).status, 401);
    const ok = await guarded.controlRaw("GET", "/resources/kms/keys", undefined, { authorization: "Bearer resources-token" });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.totalCount, 0);
  } finally {
    await guarded.stop();
  }
});

test("GET /products names each product's actions and catalog codes (the fault form's choices)", async () => {
  const p = await get("/products");
  assert.match(p.tclocal, /^\d+\.\d+\.\d+/);
  const kms = p.products.find((x: { service: string }) => x.service === "kms");
  assert.equal(kms.version, "2019-01-18");
  assert.ok(kms.actions.includes("Encrypt"));
  assert.ok(kms.codes.includes("ResourceUnavailable.CmkNotFound"));
  assert.ok(kms.regions.includes("ap-guangzhou"));
  assert.ok(p.regions.some((r: { id: string }) => r.id === "ap-guangzhou"));
  await expectCode(sdk("kms", server).DescribeKey({ KeyId: "00000000-0000-0000-0000-000000000000" }), "ResourceUnavailable.CmkNotFound");
});
