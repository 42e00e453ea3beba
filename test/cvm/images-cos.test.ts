import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { APPID, cosClient } from "../cos/helpers";
import { expectCode, sdk } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";

/**
 * CVM images meet COS: ExportImages writes real objects into the caller's bucket (listed and read back with the
 * COS SDK), ImportImage checks that the tclocal COS object its URL names exists. Launch templates check the
 * network they name as RunInstances does, with the codes their reference lists.
 */
let server: TestServer;
const ZONE = "ap-guangzhou-3";
const REGION = "ap-guangzhou";
const BUCKET = `exports-${APPID}`;
const f: Record<string, string> = {};
let other: { uin: string; appId: number; secretId: string; secretKey: string };

const c = () => sdk("cvm", server);
const cos = () => cosClient(server);
const clock = (advanceSeconds: number) => server.control("POST", "/clock", { advanceSeconds });
/** The URL of an object the way the COS gateway serves it (the bucket's virtual host under the COS domain). */
const objectUrl = (bucket: string, key: string, region = REGION) => `http://${bucket}.cos.${region}.localhost:${server.hostPort.split(":").pop()}/${encodeURIComponent(key)}`;
const importFrom = (ImageUrl: string, ImageName: string) => c().ImportImage({ Architecture: "x86_64", OsType: "CentOS", OsVersion: "7", ImageUrl, ImageName });

before(async () => {
  server = await startTclocal();
  other = await server.control("POST", "/accounts", {});
  const v = sdk("vpc", server);
  f.vpc = (await v.CreateVpc({ VpcName: "lt", CidrBlock: "10.0.0.0/16" })).Vpc!.VpcId!;
  f.subnet = (await v.CreateSubnet({ VpcId: f.vpc, SubnetName: "a", CidrBlock: "10.0.1.0/24", Zone: ZONE })).Subnet!.SubnetId!;
  f.subnet4 = (await v.CreateSubnet({ VpcId: f.vpc, SubnetName: "z4", CidrBlock: "10.0.4.0/24", Zone: "ap-guangzhou-4" })).Subnet!.SubnetId!;
  f.otherVpc = (await v.CreateVpc({ VpcName: "other", CidrBlock: "192.168.0.0/16" })).Vpc!.VpcId!;
  f.otherSubnet = (await v.CreateSubnet({ VpcId: f.otherVpc, SubnetName: "o", CidrBlock: "192.168.1.0/24", Zone: ZONE })).Subnet!.SubnetId!;
  for (let i = 0; i < 6; i++) f[`sg${i}`] = (await v.CreateSecurityGroup({ GroupName: `g${i}`, GroupDescription: "d" })).SecurityGroup!.SecurityGroupId!;
  f.lt = (await c().CreateLaunchTemplate({ LaunchTemplateName: "base", Placement: { Zone: ZONE }, ImageId: "img-9qabwvbn" })).LaunchTemplateId!;

  await cos().putBucket({ Bucket: BUCKET, Region: REGION });
  await cos().putBucket({ Bucket: `shanghai-${APPID}`, Region: "ap-shanghai" });
  const ins = (await c().RunInstances({ Placement: { Zone: ZONE }, ImageId: "img-9qabwvbn", VirtualPrivateCloud: { VpcId: f.vpc, SubnetId: f.subnet } })).InstanceIdSet![0];
  await clock(20);
  await c().StopInstances({ InstanceIds: [ins] });
  await clock(10);
  f.image = (await c().CreateImage({ ImageName: "web", InstanceId: ins })).ImageId!;
  await clock(3600);
});
after(() => server.stop());

describe("ExportImages writes the image files into the bucket", () => {
  test("each CosPath is an object of the bucket, named as the real service names it", async () => {
    const res = await c().ExportImages({ BucketName: BUCKET, ImageIds: [f.image], ExportFormat: "QCOW2", FileNamePrefixList: ["nightly"] });
    assert.ok(Number.isInteger(res.TaskId) && res.TaskId! > 105_000_000, `TaskId ${res.TaskId}`);
    assert.equal(res.CosPaths!.length, 1);
    assert.match(res.CosPaths![0], new RegExp(`^/nightly_${f.image}_system_snap-[a-z0-9]{8}\\.qcow2$`));
    const listed = await cos().getBucket({ Bucket: BUCKET, Region: REGION, Prefix: "nightly_" });
    assert.deepEqual(listed.Contents.map((o) => `/${o.Key}`), res.CosPaths);
    const body = String((await cos().getObject({ Bucket: BUCKET, Region: REGION, Key: res.CosPaths![0].slice(1) })).Body);
    assert.match(body, new RegExp(`ImageId: ${f.image}`));
    assert.match(body, /Format: QCOW2/);
  });

  test("the short bucket name finds the same bucket; the default format is RAW; task ids grow", async () => {
    const a = await c().ExportImages({ BucketName: "exports", ImageIds: [f.image] });
    const b = await c().ExportImages({ BucketName: BUCKET, ImageIds: [f.image] });
    assert.equal(b.TaskId, a.TaskId! + 1);
    assert.match(a.CosPaths![0], new RegExp(`^/${f.image}_system_snap-[a-z0-9]{8}\\.raw$`));
    await cos().headObject({ Bucket: BUCKET, Region: REGION, Key: a.CosPaths![0].slice(1) });
  });

  test("DryRun writes nothing", async () => {
    await expectCode(c().ExportImages({ BucketName: BUCKET, ImageIds: [f.image], FileNamePrefixList: ["dry"], DryRun: true }), "DryRunOperation");
    assert.equal((await cos().getBucket({ Bucket: BUCKET, Region: REGION, Prefix: "dry_" })).Contents.length, 0);
  });

  for (const [why, BucketName] of [
    ["a bucket that does not exist", `nothing-${APPID}`],
    ["a bucket in another region", `shanghai-${APPID}`],
    ["another account's bucket", "theirs-OTHER"],
  ] as const) {
    test(`InvalidParameterValue.BucketNotFound: ${why}`, async () => {
      if (BucketName.endsWith("OTHER")) await cosClient(server, other).putBucket({ Bucket: `theirs-${other.appId}`, Region: REGION });
      await expectCode(c().ExportImages({ BucketName: BucketName.replace("OTHER", String(other.appId)), ImageIds: [f.image] }), "InvalidParameterValue.BucketNotFound");
    });
  }
});

describe("ImportImage reads the URL's object", () => {
  test("an uploaded object imports (gateway URL and myqcloud.com URL alike)", async () => {
    await cos().putObject({ Bucket: BUCKET, Region: REGION, Key: "uploads/centos 7.qcow2", Body: Buffer.from("qcow2 image") });
    const viaGateway = (await importFrom(objectUrl(BUCKET, "uploads/centos 7.qcow2"), "from-gateway-url")).ImageId!;
    const viaReal = (await importFrom(`https://${BUCKET}.cos.${REGION}.myqcloud.com/uploads/centos%207.qcow2`, "from-real-url")).ImageId!;
    const set = (await c().DescribeImages({ ImageIds: [viaGateway, viaReal] })).ImageSet!;
    assert.deepEqual(set.map((i) => [i.ImageSource, i.ImageState]).sort(), [["EXTERNAL_IMPORT", "IMPORTING"], ["EXTERNAL_IMPORT", "IMPORTING"]]);
  });

  test("an object exported by ExportImages imports back", async () => {
    const path = (await c().ExportImages({ BucketName: BUCKET, ImageIds: [f.image], FileNamePrefixList: ["roundtrip"] })).CosPaths![0];
    assert.match((await importFrom(objectUrl(BUCKET, path.slice(1)), "round-trip")).ImageId!, /^img-[a-z0-9]{8}$/);
  });

  test("a COS URL of an AppId this tclocal does not know is taken on trust", async () => {
    assert.match((await importFrom("https://elsewhere-1259999999.cos.ap-guangzhou.myqcloud.com/a.qcow2", "foreign")).ImageId!, /^img-/);
  });

  for (const [why, url] of [
    ["an object that does not exist", () => objectUrl(BUCKET, "missing.qcow2")],
    ["a bucket that does not exist", () => objectUrl(`nothing-${APPID}`, "a.qcow2")],
    ["a bucket named in the wrong region", () => objectUrl(BUCKET, "uploads/centos 7.qcow2", "ap-shanghai")],
    ["a URL that is not COS's", () => "https://example.com/a.qcow2"],
  ] as const) {
    test(`InvalidParameter.InvalidParameterUrlError: ${why}`, async () => {
      await expectCode(importFrom(url(), `bad-${why.length}`), "InvalidParameter.InvalidParameterUrlError");
    });
  }

  test("InvalidParameter.InvalidParameterUrlError: an object deleted after upload", async () => {
    await cos().putObject({ Bucket: BUCKET, Region: REGION, Key: "gone.qcow2", Body: Buffer.from("x") });
    await cos().deleteObject({ Bucket: BUCKET, Region: REGION, Key: "gone.qcow2" });
    await expectCode(importFrom(objectUrl(BUCKET, "gone.qcow2"), "gone"), "InvalidParameter.InvalidParameterUrlError");
  });
});

describe("launch templates check the network they name", () => {
  const base = { Placement: { Zone: ZONE }, ImageId: "img-9qabwvbn" };
  const cases: [string, string, Record<string, unknown>][] = [
    ["InvalidParameterValue.VpcIdMalformed", "a VPC id that is not one", { VirtualPrivateCloud: { VpcId: "vpc-1", SubnetId: "subnet-zzzzzzzz" } }],
    ["InvalidParameterValue.VpcIdNotExist", "a VPC that does not exist", { VirtualPrivateCloud: { VpcId: "vpc-zzzzzzzz", SubnetId: "subnet-zzzzzzzz" } }],
    ["InvalidParameterValue.SubnetNotExist", "a subnet that does not exist", { VirtualPrivateCloud: { VpcId: "VPC", SubnetId: "subnet-zzzzzzzz" } }],
    ["InvalidParameterValue.SubnetNotExist", "a subnet id that is not one", { VirtualPrivateCloud: { VpcId: "VPC", SubnetId: "subnet-1" } }],
    ["InvalidParameterValue.SubnetNotExist", "a subnet of another VPC", { VirtualPrivateCloud: { VpcId: "VPC", SubnetId: "OTHER_SUBNET" } }],
    ["InvalidParameterValue.VpcIdZoneIdNotMatch", "a subnet of another zone", { VirtualPrivateCloud: { VpcId: "VPC", SubnetId: "SUBNET4" } }],
    ["InvalidSecurityGroupId.NotFound", "a security group that does not exist", { SecurityGroupIds: ["sg-zzzzzzzz"] }],
    ["InvalidSecurityGroupId.NotFound", "a security group id that is not one", { SecurityGroupIds: ["sg-1"] }],
    ["LimitExceeded.SingleUSGQuota", "six security groups", { SecurityGroupIds: ["SG0", "SG1", "SG2", "SG3", "SG4", "SG5"] }],
  ];
  const fill = (x: Record<string, unknown>) =>
    JSON.parse(JSON.stringify(x).replace(/"VPC"/g, `"${f.vpc}"`).replace(/OTHER_SUBNET/g, f.otherSubnet).replace(/SUBNET4/g, f.subnet4).replace(/SG(\d)/g, (_m, i: string) => f[`sg${i}`])) as Record<string, unknown>;
  for (const [code, why, extra] of cases) {
    test(`${code}: CreateLaunchTemplate with ${why}`, async () => {
      await expectCode(c().CreateLaunchTemplate({ LaunchTemplateName: "bad", ...base, ...fill(extra) }), code);
    });
    test(`${code}: CreateLaunchTemplateVersion with ${why}`, async () => {
      await expectCode(c().CreateLaunchTemplateVersion({ LaunchTemplateId: f.lt, ...base, ...fill(extra) }), code);
    });
  }

  test("a template naming a real network keeps it; DEFAULT/DEFAULT is the default network", async () => {
    const net = { VpcId: f.vpc, SubnetId: f.subnet };
    const id = (await c().CreateLaunchTemplate({ LaunchTemplateName: "net", ...base, VirtualPrivateCloud: net, SecurityGroupIds: [f.sg0, f.sg1] })).LaunchTemplateId!;
    await c().CreateLaunchTemplateVersion({ LaunchTemplateId: id, ...base, VirtualPrivateCloud: { VpcId: "DEFAULT", SubnetId: "DEFAULT" } });
    const versions = (await c().DescribeLaunchTemplateVersions({ LaunchTemplateId: id })).LaunchTemplateVersionSet!;
    const data = versions.map((v) => v.LaunchTemplateVersionData!);
    assert.deepEqual([data[0].VirtualPrivateCloud!.VpcId, data[0].VirtualPrivateCloud!.SubnetId, data[0].SecurityGroupIds], [f.vpc, f.subnet, [f.sg0, f.sg1]]);
    assert.equal(data[1].VirtualPrivateCloud!.VpcId, "DEFAULT");
  });

  test("a version based on one whose VPC was deleted since is refused", async () => {
    const v = sdk("vpc", server);
    const vpc = (await v.CreateVpc({ VpcName: "gone", CidrBlock: "172.20.0.0/16" })).Vpc!.VpcId!;
    const subnet = (await v.CreateSubnet({ VpcId: vpc, SubnetName: "g", CidrBlock: "172.20.1.0/24", Zone: ZONE })).Subnet!.SubnetId!;
    const id = (await c().CreateLaunchTemplate({ LaunchTemplateName: "gone", ...base, VirtualPrivateCloud: { VpcId: vpc, SubnetId: subnet } })).LaunchTemplateId!;
    await v.DeleteSubnet({ SubnetId: subnet });
    await v.DeleteVpc({ VpcId: vpc });
    await expectCode(c().CreateLaunchTemplateVersion({ LaunchTemplateId: id, LaunchTemplateVersion: 1, ...base }), "InvalidParameterValue.VpcIdNotExist");
  });
});
