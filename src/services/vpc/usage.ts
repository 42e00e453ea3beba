import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_models";
import type { Req, Res } from "../../platform/definition";
import { getInstance } from "../cvm/for-products";
import { parseIp } from "./cidr";
import { bt, checkIds, dateTime, eq, filterBy, findTask, paging, type Ctx } from "./common";
import { enis, type EniDoc } from "./eni-model";
import { networkAcls } from "./acl-model";
import { ips, subnets, type IpDoc } from "./network-model";
import { routeTables } from "./route-model";
import { loadSubnet } from "./subnets";
import { loadVpc } from "./vpcs";
import { eniLimits } from "./eni-limits";

/** The resource types the subnet dashboard lists (the documented example's list), then any other holder type. */
const DASHBOARD_TYPES = ["CVM", "ENI", "NetworkDetect", "LoadBanlancer", "MySQL", "Memcached", "CTSDB", "TDSQL", "SQL Server", "PostgreSQL", "NAS", "Snova", "Ckafka", "Grocery", "Cloudhsm", "MongoDB"];

function countByType(used: readonly IpDoc[]): Map<string, number> {
  const seen = new Map<string, Set<string>>();
  for (const u of used) {
    const set = seen.get(u.holder.type) ?? new Set<string>();
    set.add(u.holder.id);
    seen.set(u.holder.type, set);
  }
  return new Map([...seen].map(([k, v]) => [k, v.size]));
}

export async function describeSubnetResourceDashboard(ctx: Ctx, req: Req<m.DescribeSubnetResourceDashboardRequest>): Promise<Res<m.DescribeSubnetResourceDashboardResponse>> {
  const ids = checkIds(ctx, req.SubnetIds, "subnet", "SubnetIds");
  const out: m.ResourceStatistics[] = [];
  for (const id of ids) {
    const s = await loadSubnet(ctx, id, "SubnetIds");
    const used = await ips(ctx).all(s.SubnetId);
    const counts = countByType(used);
    const types = [...DASHBOARD_TYPES, ...[...counts.keys()].filter((k) => !DASHBOARD_TYPES.includes(k))];
    out.push({
      VpcId: s.VpcId,
      SubnetId: s.SubnetId,
      Ip: used.length,
      ResourceStatisticsItemSet: types.map((t) => ({ ResourceType: t, ResourceName: t, ResourceCount: counts.get(t) ?? 0 })),
    });
  }
  return { ResourceStatisticsSet: out };
}

export async function describeVpcResourceDashboard(ctx: Ctx, req: Req<m.DescribeVpcResourceDashboardRequest>): Promise<Res<m.DescribeVpcResourceDashboardResponse>> {
  const ids = checkIds(ctx, req.VpcIds, "vpc", "VpcIds");
  const out: m.ResourceDashboard[] = [];
  for (const id of ids) {
    const v = await loadVpc(ctx, id, "VpcIds");
    const subs = await subnets(ctx).all(v.VpcId);
    const used: IpDoc[] = [];
    for (const s of subs) used.push(...(await ips(ctx).all(s.SubnetId)));
    const c = countByType(used);
    const n = (t: string) => c.get(t) ?? 0;
    out.push({
      VpcId: v.VpcId, SubnetId: "", Classiclink: 0, Dcg: 0, Pcx: 0, Ip: used.length, Nat: 0, Vpngw: 0, FlowLog: 0, NetworkDetect: 0,
      NetworkACL: (await networkAcls(ctx).all(v.VpcId)).length, CVM: n("CVM"), LB: 0, CDB: n("CDB"), Cmem: 0, CTSDB: 0, MariaDB: 0, SQLServer: 0,
      Postgres: 0, NAS: 0, Greenplumn: 0, Ckafka: 0, Grocery: 0, HSM: 0, Tcaplus: 0, Cnas: 0, TiDB: 0, Emr: 0, SEAL: 0, CFS: 0, Oracle: 0,
      ElasticSearch: 0, TBaaS: 0, Itop: 0, DBAudit: 0, CynosDBPostgres: 0, Redis: 0, MongoDB: n("MongoDB"), DCDB: 0, CynosDBMySQL: 0,
      Subnet: subs.length, RouteTable: (await routeTables(ctx).all(v.VpcId)).length,
    });
  }
  return { ResourceDashboardSet: out };
}

export async function describeVpcPrivateIpAddresses(ctx: Ctx, req: Req<m.DescribeVpcPrivateIpAddressesRequest>): Promise<Res<m.DescribeVpcPrivateIpAddressesResponse>> {
  const v = await loadVpc(ctx, req.VpcId);
  if (req.PrivateIpAddresses.length > 100) ctx.fail("InvalidParameterValue.LimitExceeded", "At most 100 `PrivateIpAddresses` can be given.");
  const out: m.VpcPrivateIpAddress[] = [];
  for (const ip of req.PrivateIpAddresses) {
    if (parseIp(ip) === null) ctx.fail("InvalidParameterValue.Malformed", `The address ${bt(ip)} is not an IPv4 address.`);
    const used = await ips(ctx).get(`${v.VpcId}/${ip}`);
    if (!used) continue;
    const s = await subnets(ctx).get(used.SubnetId);
    out.push({ PrivateIpAddress: ip, CidrBlock: s?.CidrBlock ?? "", PrivateIpAddressType: used.holder.type, CreatedTime: dateTime(used.createdAt) });
  }
  return { VpcPrivateIpAddressSet: out };
}

export async function describeUsedIpAddress(ctx: Ctx, req: Req<m.DescribeUsedIpAddressRequest>): Promise<Res<m.DescribeUsedIpAddressResponse>> {
  const v = await loadVpc(ctx, req.VpcId);
  const subs = req.SubnetId ? [await loadSubnet(ctx, req.SubnetId)] : await subnets(ctx).all(v.VpcId);
  if (req.SubnetId && subs[0].VpcId !== v.VpcId) ctx.fail("InvalidParameterValue.ParameterMismatch", `The subnet ${bt(req.SubnetId)} is not in ${bt(v.VpcId)}.`);
  if ((req.IpAddresses?.length ?? 0) > 100) ctx.fail("InvalidParameterValue.LimitExceeded", "At most 100 `IpAddresses` can be given.");
  for (const ip of req.IpAddresses ?? []) if (parseIp(ip) === null) ctx.fail("InvalidParameterValue.Malformed", `The address ${bt(ip)} is not an IPv4 address.`);
  const page = paging(ctx, req.Offset, req.Limit);
  const filter = filterBy<IpDoc>(ctx, req.Filters, {
    "ip-addresses": (d, vals) => eq(d.ip, vals),
    "resource-type": (d, vals) => eq(d.holder.type, vals),
    "resource-id": (d, vals) => eq(d.holder.id, vals),
  });
  const used: IpDoc[] = [];
  for (const s of subs) used.push(...(await ips(ctx).all(s.SubnetId)));
  const all = used.filter((d) => (!req.IpAddresses?.length || req.IpAddresses.includes(d.ip)) && filter(d));
  return {
    IpAddressStates: all.slice(page.offset, page.offset + page.limit).map((d) => ({
      VpcId: d.VpcId, SubnetId: d.SubnetId, IpAddress: d.ip, ResourceType: d.holder.type, ResourceId: d.holder.id,
    })),
    TotalCount: all.length,
  };
}

/** CVM instances of a VPC: the primary interfaces attached to instances, with what CVM says of each instance. */
export async function describeVpcInstances(ctx: Ctx, req: Req<m.DescribeVpcInstancesRequest>): Promise<Res<m.DescribeVpcInstancesResponse>> {
  const page = paging(ctx, req.Offset, req.Limit);
  const names = new Map<string, string>();
  const filter = filterBy<EniDoc>(ctx, req.Filters, {
    "vpc-id": (e, v) => eq(e.VpcId, v),
    "instance-id": (e, v) => eq(e.attachment?.InstanceId, v),
    "instance-name": (e, v) => v.some((x) => (names.get(e.attachment!.InstanceId) ?? "").includes(x)),
  });
  const primaries = (await enis(ctx).all()).filter((e) => e.Primary && e.attachment);
  const rows: m.CvmInstance[] = [];
  for (const e of primaries) {
    const inst = await getInstance(ctx, e.attachment!.InstanceId);
    if (!inst) continue;
    names.set(inst.InstanceId, inst.InstanceName);
    if (!filter(e)) continue;
    const lim = eniLimits(inst.CPU, inst.Memory);
    rows.push({
      VpcId: e.VpcId,
      SubnetId: e.SubnetId,
      InstanceId: inst.InstanceId,
      InstanceName: inst.InstanceName,
      InstanceState: inst.InstanceState,
      CPU: inst.CPU,
      Memory: inst.Memory,
      CreatedTime: dateTime(inst.CreatedAt),
      InstanceType: inst.InstanceType,
      EniLimit: lim.enis,
      EniIpLimit: lim.ipsPerEni,
      InstanceEniCount: await enis(ctx).count(inst.InstanceId),
    });
  }
  return { InstanceSet: rows.slice(page.offset, page.offset + page.limit), TotalCount: rows.length };
}

export async function describeVpcTaskResult(ctx: Ctx, req: Req<m.DescribeVpcTaskResultRequest>): Promise<Res<m.DescribeVpcTaskResultResponse>> {
  const task = await findTask(ctx, req.TaskId);
  if (!task || /^\d+$/.test(req.TaskId)) ctx.fail("ResourceNotFound", `The task ${bt(req.TaskId)} does not exist.`);
  return { Status: "SUCCESS", Output: "SUCCESS", Result: task.resources.map((r) => ({ ResourceId: r, Status: "SUCCESS" })) };
}

export async function describeTaskResult(ctx: Ctx, req: Req<m.DescribeTaskResultRequest>): Promise<Res<m.DescribeTaskResultResponse>> {
  if (req.TaskId === undefined && req.DealName === undefined) ctx.fail("MissingParameter", "One of `TaskId` and `DealName` is required.");
  const id = req.TaskId !== undefined ? String(req.TaskId) : String(req.DealName);
  const task = await findTask(ctx, id);
  if (!task || !/^\d+$/.test(id)) ctx.fail("InvalidParameter", `The task ${bt(id)} does not exist.`);
  return { TaskId: Number(id), Result: "SUCCESS" };
}
