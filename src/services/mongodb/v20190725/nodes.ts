import type { NodeProperty } from "tencentcloud-sdk-nodejs/tencentcloud/services/mongodb/v20190725/mongodb_models";
import type { MongoInstance } from "../instance";
import { withDefaults } from "../instance";
import { active, bad, flowTask, lockable, type H } from "./common";

/**
 * Nodes as the node-management actions see them: per shard `<id>_<n>`, nodes `<id>_<n>-node-primary`,
 * `-node-slave<k>`, `-node-readonly<k>` (the API reference's names), mongos `mongos-<k>`. The shards of a
 * cluster share one layout (the instance's node template).
 */

const ROLE_TAG = { TagKey: "role-cmgo", TagValue: "primary-secondary-group" };

/** The address a node answers on: the instance's Vip with a port per node (27017 for the primary). */
function address(inst: Required<MongoInstance>, shard: number, index: number): string {
  if (!inst.vip) return "";
  return `${inst.vip}:${27017 + shard * 100 + index}`;
}

export function nodeProperties(stored: MongoInstance): { mongos: NodeProperty[]; shards: NodeProperty[][] } {
  const inst = withDefaults(stored);
  const shards = Array.from({ length: inst.replicaSetNum }, (_, s) => {
    const set = `${inst.InstanceId}_${s}`;
    return inst.nodes.map((n, i) => ({
      Zone: n.zone,
      NodeName: `${set}-${n.suffix}`,
      Address: address(inst, s, i),
      WanServiceAddress: inst.wanAddresses.length ? `${inst.wanAddresses[0]}` : "",
      Role: n.role,
      Hidden: n.hidden,
      Status: "NORMAL",
      SlaveDelay: 0,
      Priority: n.priority,
      Votes: n.votes,
      Tags: n.tags.length ? n.tags : [ROLE_TAG],
      ReplicateSetId: set,
    }));
  });
  const mongos = Array.from({ length: inst.mongos.nodeNum }, (_, k) => ({
    Zone: inst.zoneList[k % inst.zoneList.length],
    NodeName: `mongos-${k}`,
    Address: inst.vip ? `${inst.vip}:${30000 + k}` : "",
    WanServiceAddress: "",
    Role: "MONGOS",
    Hidden: false,
    Status: "NORMAL",
    SlaveDelay: 0,
    Priority: 0,
    Votes: 0,
    Tags: [ROLE_TAG],
    ReplicateSetId: "",
  }));
  return { mongos, shards };
}

const ROLES = ["PRIMARY", "SECONDARY", "READONLY", "ARBITER", "MONGOS"];

export const describeDBInstanceNodeProperty: H<"DescribeDBInstanceNodeProperty"> = async (ctx, req) => {
  const { inst, phase } = await active(ctx, req.InstanceId);
  for (const r of req.Roles ?? []) if (!ROLES.includes(r)) ctx.fail("InvalidParameter", { en: `Role \`${r}\` is not PRIMARY, SECONDARY, READONLY or ARBITER.`, zh: `节点角色 \`${r}\` 错误。` });
  const priority = req.Priority === undefined ? undefined : Number(req.Priority);
  if (priority !== undefined && (!Number.isInteger(priority) || priority < 0 || priority > 100)) ctx.fail("InvalidParameter", { en: "Priority ranges from 0 to 100.", zh: "Priority 取值范围为[0,100]。" });
  const votes = req.Votes === undefined ? undefined : Number(req.Votes);
  if (votes !== undefined && votes !== 0 && votes !== 1) ctx.fail("InvalidParameter", { en: "Votes is 0 or 1.", zh: "Votes 取值为 0 或 1。" });
  const { mongos, shards } = nodeProperties(inst);
  const keep = (n: NodeProperty) =>
    (!req.NodeIds?.length || req.NodeIds.includes(n.NodeName!)) &&
    (!req.Roles?.length || req.Roles.includes(n.Role!)) &&
    (!req.OnlyHidden || n.Hidden) &&
    (priority === undefined || n.Priority === priority) &&
    (votes === undefined || n.Votes === votes) &&
    (req.Tags ?? []).every((t) => (n.Tags ?? []).some((x) => x.TagKey === t.TagKey && x.TagValue === t.TagValue));
  // Nodes exist once the instance is delivered.
  if (phase === "creating") return { Mongos: [], ReplicateSets: [], DynamoProxies: [] };
  // DynamoDB-compatible proxies exist only on DynamoDB-protocol instances, which tclocal does not sell.
  return { Mongos: mongos.filter(keep), ReplicateSets: shards.map((nodes) => ({ Nodes: nodes.filter(keep) })), DynamoProxies: [] };
};

export const restartNodes: H<"RestartNodes"> = async (ctx, req) => {
  const { inst } = await lockable(ctx, req.InstanceId);
  if (!req.NodeIds.length) ctx.fail("InvalidParameter", { en: "NodeIds names at least one node.", zh: "NodeIds 不能为空。" });
  const { mongos, shards } = nodeProperties(inst);
  const known = new Set([...mongos, ...shards.flat()].map((n) => n.NodeName));
  for (const id of req.NodeIds) if (!known.has(id)) bad(ctx, "NodeIds", id, `No node ${id} in ${inst.InstanceId}; see DescribeDBInstanceNodeProperty.`);
  return { FlowId: await flowTask(ctx, inst, "restart") };
};
