import { takeVip } from "../addresses";
import { saveInstance, TASK_SECONDS } from "../instance";
import { requireNetwork } from "../network";
import { bindInstanceGroups, instanceGroups, securityGroupProblem } from "../security-groups";
import { active, bad, flowTask, lockable, sideRequest, type H } from "./common";
import { nodeProperties } from "./nodes";

/**
 * How clients reach an instance: its VPC address (ModifyDBInstanceNetworkAddress), security groups, the public
 * (WAN) address through a CLB, the connection URIs and the SRV domain.
 */

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

export const modifyDBInstanceNetworkAddress: H<"ModifyDBInstanceNetworkAddress"> = async (ctx, req) => {
  const found = await active(ctx, req.InstanceId);
  if (found.phase !== "running") ctx.fail("InvalidParameterValue.StatusAbnormal", { en: `The instance ${req.InstanceId} is busy or not yet running.`, zh: `实例 ${req.InstanceId} 当前状态不允许修改网络。` });
  const { inst } = found;
  if (inst.wanAddresses.length) {
    ctx.fail("FailedOperation.NotAllowModifyAddrAfterOpenWanService", { en: `The instance ${inst.InstanceId} has its public address open; the network cannot change.`, zh: "当前实例已开启外网访问。" });
  }
  const minutes = Number(req.OldIpExpiredTime);
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 10080) ctx.fail("InvalidParameter", { en: "OldIpExpiredTime is 0 to 10080 minutes.", zh: "OldIpExpiredTime 取值范围为 0～10080 分钟。" });
  await requireNetwork(ctx, { vpcId: req.NewUniqVpcId, subnetId: req.NewUniqSubnetId });
  if (!req.NewUniqVpcId || !req.NewUniqSubnetId) ctx.fail("InvalidParameterValue.VpcIdOrSubnetIdNotFound", { en: "The instance moves to a VPC: give NewUniqVpcId and NewUniqSubnetId.", zh: "请指定 NewUniqVpcId 与 NewUniqSubnetId。" });
  let named: string | undefined;
  for (const a of req.NetworkAddresses ?? []) {
    if (a.OldIpAddress !== inst.vip) ctx.fail("InvalidParameter.InvalidVip", { en: `${a.OldIpAddress} is not the instance's address (${inst.vip}).`, zh: `${a.OldIpAddress} 不是实例的 IP 地址。` });
    if (!IPV4.test(a.NewIPAddress)) ctx.fail("InvalidParameter.InvalidVip", { en: `${a.NewIPAddress} is not an IPv4 address.`, zh: `无效Vip信息：${a.NewIPAddress}。` });
    named = a.NewIPAddress;
  }
  // A new address is taken in the new subnet now (the lowest free one unless named); the old one stays the
  // instance's until the move ends plus OldIpExpiredTime minutes (both answer until then), then goes back.
  const target = { vpcId: req.NewUniqVpcId, subnetId: req.NewUniqSubnetId };
  const sameSubnet = target.vpcId === inst.vpcId && target.subnetId === inst.subnetId;
  let vip = inst.vip;
  let retiredVips = inst.retiredVips;
  if (!sameSubnet || (named !== undefined && named !== inst.vip)) {
    vip = await takeVip(ctx, target, inst.InstanceId, named);
    const releaseAt = ctx.now() + TASK_SECONDS.network * 1000 + minutes * 60_000;
    if (inst.vpcId) retiredVips = [...retiredVips, { vpcId: inst.vpcId, ip: inst.vip, releaseAt }];
  }
  const FlowId = await flowTask(ctx, { ...inst, retiredVips }, "network", { target: { ...target, vip } });
  return { FlowId };
};

/** The VPC groups the instance is bound to, with their names, remarks, creation times and rules. */
export const describeSecurityGroup: H<"DescribeSecurityGroup"> = async (ctx, req) => {
  const { inst } = await active(ctx, req.InstanceId);
  return { Groups: await instanceGroups(ctx, inst.InstanceId) };
};

/** Replaces the instance's groups: each must exist in VPC (→ SecurityGroupId), at most 5; the binding moves at once. */
export const modifyDBInstanceSecurityGroup: H<"ModifyDBInstanceSecurityGroup"> = async (ctx, req) => {
  const found = await active(ctx, req.InstanceId);
  if (found.phase === "creating") ctx.fail("InvalidParameterValue.StatusAbnormal", { en: `The instance ${req.InstanceId} is being created.`, zh: `实例 ${req.InstanceId} 正在创建中。` });
  if (found.phase !== "running") ctx.fail("InvalidParameterValue.LockFailed", { en: `The instance ${req.InstanceId} is busy; retry later.`, zh: `实例 ${req.InstanceId} 锁定失败。` });
  if (!req.SecurityGroupIds.length) ctx.fail("InvalidParameter", { en: "SecurityGroupIds names the full set of groups (at least one).", zh: "SecurityGroupIds 不能为空。" });
  const groups = [...new Set(req.SecurityGroupIds)];
  const problem = await securityGroupProblem(ctx, groups);
  if (problem?.reason === "too-many") ctx.fail("InvalidParameter", problem.message);
  if (problem) {
    const why = problem.reason === "malformed" ? "ids read sg-xxxxxxxx" : `not in ${ctx.region}`;
    ctx.fail("InvalidParameterValue.SecurityGroupId", { en: `The security group ${problem.id} does not exist (${why}).`, zh: `安全组ID无效：${problem.id}。` });
  }
  await saveInstance(ctx, { ...found.inst, securityGroups: groups });
  await bindInstanceGroups(ctx, found.inst.InstanceId, groups);
  return {};
};

const LB_ID = /^lb-[a-z0-9]{8}$/;

/** The public address through a CLB: the instance must have a security group (a password-less or unguarded instance is refused). */
export const enableWanService: H<"EnableWanService"> = async (ctx, req) => {
  const { inst } = await lockable(ctx, req.InstanceId);
  if (!inst.securityGroups.length) {
    ctx.fail("InvalidParameterValue.SecurityLevelNotAllowOpenWanService", { en: `The instance ${inst.InstanceId} has no security group: bind one before opening a public address.`, zh: "当前实例已开通免密访问，或未绑定安全组，安全级别较低不允许打开外网访问服务。" });
  }
  if (!LB_ID.test(req.LoadBalancerId)) bad(ctx, "LoadBalancerId", req.LoadBalancerId, "A CLB id reads lb-xxxxxxxx.");
  if (!req.NodeList.length) bad(ctx, "NodeList", [], "Name the nodes to expose.");
  const { shards, mongos } = nodeProperties(inst);
  const addresses = new Set([...shards.flat(), ...mongos].map((n) => n.Address));
  for (const n of req.NodeList) {
    if (!addresses.has(n.VipVport)) bad(ctx, "NodeList.VipVport", n.VipVport, "Name a node address of the instance (vip:port); see DescribeDBInstanceNodeProperty.");
    const port = Number(n.ListenerPort);
    if (!Number.isInteger(port) || port < 1 || port > 65535) bad(ctx, "NodeList.ListenerPort", n.ListenerPort, "ListenerPort is 1 to 65535.");
  }
  const wan = req.NodeList.map((n) => `${req.LoadBalancerId}.clb.tencentclb.com:${n.ListenerPort}`);
  return { FlowId: await flowTask(ctx, inst, "network", { target: { wanAddresses: wan } }) };
};

export const describeDBInstanceURL: H<"DescribeDBInstanceURL"> = async (ctx, req) => {
  const { inst, phase } = await active(ctx, req.InstanceId);
  if (phase === "creating") return { Urls: [] };
  // The real answer masks the password, as here.
  const auth = "mongouser:******";
  const hosts = inst.clusterType === 1 ? `${inst.vip}:27017` : nodeProperties(inst).shards[0].filter((n) => n.Role !== "READONLY").map((n) => n.Address).join(",");
  const set = inst.clusterType === 1 ? "" : `&replicaSet=${inst.InstanceId}_0`;
  const urls = [
    { URLType: "CLUSTER_ALL", Address: `mongodb://${auth}@${hosts}/test?authSource=admin${set}` },
    { URLType: "CLUSTER_READ_SECONDARY", Address: `mongodb://${auth}@${hosts}/test?authSource=admin&readPreference=secondaryPreferred${set}` },
  ];
  if (inst.nodes.some((n) => n.role === "READONLY")) {
    urls.push({ URLType: "CLUSTER_READ_READONLY", Address: `mongodb://${auth}@${hosts}/test?authSource=admin&readPreference=secondary&readPreferenceTags=role:readonly${set}` });
  }
  return { Urls: urls };
};

const DOMAIN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

export const enableSRVConnectionUrl: H<"EnableSRVConnectionUrl"> = async (ctx, req) => {
  const { inst } = await lockable(ctx, req.InstanceId);
  if (inst.srvDomain) ctx.fail("InvalidParameter", { en: `The SRV address of ${inst.InstanceId} is already enabled.`, zh: "SRV 访问地址已开启。" });
  return { FlowId: await flowTask(ctx, inst, "network", { seconds: 30, target: { srvDomain: `${inst.InstanceId}.mongodb.${inst.region}.tencentcdb.com` } }) };
};

export const disableSRVConnectionUrl: H<"DisableSRVConnectionUrl"> = async (ctx, req) => {
  const { inst } = await lockable(ctx, req.InstanceId);
  if (!inst.srvDomain) ctx.fail("InvalidParameter", { en: `The SRV address of ${inst.InstanceId} is not enabled.`, zh: "SRV 访问地址未开启。" });
  return { FlowId: await flowTask(ctx, inst, "network", { seconds: 30, target: { srvDomain: null } }) };
};

export const modifySRVConnectionUrl: H<"ModifySRVConnectionUrl"> = async (ctx, req) => {
  const { inst } = await lockable(ctx, req.InstanceId);
  if (!inst.srvDomain) ctx.fail("InvalidParameter", { en: `The SRV address of ${inst.InstanceId} is not enabled.`, zh: "SRV 访问地址未开启。" });
  if (!DOMAIN.test(req.CustomDomain) || req.CustomDomain.length > 253) ctx.fail("InvalidParameter", { en: `\`${req.CustomDomain}\` is not a domain name.`, zh: `\`${req.CustomDomain}\` 不是合法的域名。` });
  return { FlowId: await flowTask(ctx, inst, "network", { seconds: 30, target: { srvDomain: req.CustomDomain } }) };
};

export const describeSRVConnectionDomain: H<"DescribeSRVConnectionDomain"> = async (ctx, req) => {
  const { inst } = await active(ctx, req.InstanceId);
  return { Domain: inst.srvDomain ?? "" };
};

/** Runs flushRouterConfig on every mongos: a sharded cluster only. */
export const flushInstanceRouterConfig: H<"FlushInstanceRouterConfig"> = async (ctx, req) => {
  const { inst } = await lockable(ctx, req.InstanceId);
  if (inst.clusterType !== 1) ctx.fail("InvalidParameterValue", { en: `The instance ${inst.InstanceId} is a replica set: it has no mongos.`, zh: `实例 ${inst.InstanceId} 为副本集实例，没有 mongos 节点。` });
  await sideRequest(ctx, "flush-router", inst.InstanceId, 5);
  return {};
};
