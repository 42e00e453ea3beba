import type { ActionContext } from "../../platform/service";

/**
 * A MongoDB instance and its lifecycle, one model for both API versions (2018-04-08 and 2019-07-25 read and
 * change the same documents). Every state is derived from stored timestamps and the emulator clock: a task
 * runs from `startedAt` to `endsAt`; its effect (`target`) is applied the first time the instance is read after
 * `endsAt` (`settle`), so a clock advance finishes it at once and nothing runs in the background.
 */

export type TaskKind =
  | "create"
  | "upgrade"
  | "password"
  | "terminate"
  | "isolate"
  | "offline"
  | "network"
  | "restart"
  | "tde"
  | "ssl"
  | "params"
  | "zone"
  | "kernel"
  | "version"
  | "promote"
  | "restore";

export interface Task {
  readonly kind: TaskKind;
  /** The flow, deal or async request id the call returned. */
  readonly id: string;
  readonly startedAt: number;
  readonly endsAt: number;
  /** What the instance becomes when the task ends (a spec, a network, a version, a node list). */
  readonly target?: Partial<MongoInstance>;
}

/** An old VPC address of an instance, kept after a network move until `releaseAt` (epoch ms). */
export interface RetiredVip {
  vpcId: string;
  ip: string;
  releaseAt: number;
}

/** A node of each shard (sharded clusters align their shards: one template for all). */
export interface NodeSpec {
  /** `node-primary`, `node-slave0`, `node-readonly0`: the node name after `<shard id>-`. */
  suffix: string;
  role: "PRIMARY" | "SECONDARY" | "READONLY";
  zone: string;
  hidden: boolean;
  priority: number;
  votes: number;
  tags: { TagKey: string; TagValue: string }[];
}

export interface MongoInstance {
  InstanceId: string;
  name: string;
  region: string;
  zone: string;
  /** 0 pay-as-you-go (CreateDBInstanceHour), 1 prepaid (CreateDBInstance). */
  payMode: 0 | 1;
  projectId: number;
  /** 0 replica set, 1 sharded cluster. */
  clusterType: 0 | 1;
  replicaSetNum: number;
  /** mongod secondaries per shard (hidden ones included, read-only nodes not). */
  secondaryNum: number;
  /** Per shard (per replica set). */
  memoryGb: number;
  volumeGb: number;
  oplogGb: number;
  version: string;
  machineType: string;
  vpcId: string;
  subnetId: string;
  securityGroups: string[];
  /** Assigned at purchase, shown once the instance runs. */
  vip: string;
  /** An instance that is gone gave its Vip back to the subnet and left its security groups (the name predates the groups). */
  vipReleased?: boolean;
  /**
   * Addresses the instance left (ModifyDBInstanceNetworkAddress) but still holds in their subnets until
   * `releaseAt`: the end of the move plus OldIpExpiredTime.
   */
  retiredVips?: RetiredVip[];
  createdAt: number;
  /** Prepaid: end of the paid period; pay-as-you-go: creation + 50 years, as the real API answers. */
  deadline: number;
  autoRenewFlag: number;
  /** The monthly price: charged for prepaid renewals, prorated for spec changes, billed by the hour when hourly. */
  monthlyPrice: number;
  passwordSet: boolean;
  task: Task | null;
  /** When the instance was (or will be) isolated: TerminateDBInstance(s), IsolateDBInstance, arrears. */
  terminatedAt: number | null;

  // Members 2019-07-25 added; documents written before it lack them (see `withDefaults`).
  /** CPU cores per mongod node. */
  cpu?: number;
  nodes?: NodeSpec[];
  mongos?: { cpu: number; memoryGb: number; nodeNum: number };
  zoneList?: string[];
  tags?: { TagKey: string; TagValue: string }[];
  /** 1 formal, 2 clone (临时实例), 3 read-only, 4 disaster recovery. */
  instanceType?: 1 | 2 | 3 | 4;
  /** The primary instance of a read-only or disaster-recovery instance, the source of a clone. */
  father?: string;
  maintenance?: { start: string; end: string; days: string };
  deletionProtection?: boolean;
  ssl?: { enabled: boolean; expiresAt: number };
  tde?: { keyId: string; kmsRegion: string; enabledAt: number; keyOrigin: "auto" | "manual" } | null;
  srvDomain?: string | null;
  wanAddresses?: string[];
  /** Parameter values changed from the defaults. */
  params?: Record<string, string>;
  /** Pay-as-you-go: billed up to this time (epoch ms). */
  billedUntil?: number;
  /** OfflineIsolatedDBInstance: gone for good once this time has passed. */
  offlineAt?: number | null;
  kernelMinor?: number;
}

/** How long tasks take on the emulator clock (seconds). */
export const TASK_SECONDS: Readonly<Record<TaskKind, number>> = {
  create: 600,
  upgrade: 300,
  password: 10,
  terminate: 60,
  isolate: 60,
  offline: 60,
  network: 60,
  restart: 60,
  tde: 120,
  ssl: 30,
  params: 10,
  zone: 300,
  kernel: 300,
  version: 600,
  promote: 120,
  restore: 300,
};
/** Sharded clusters take longer to deliver. */
export const SHARD_CREATE_SECONDS = 900;

/** Recycle-bin retention before an isolated instance is deleted for good. */
export const RETENTION_MS = { payAsYouGo: 3 * 86400_000, prepaid: 7 * 86400_000 } as const;

export type Phase =
  | "creating"
  | "upgrading"
  | "password"
  | "terminating"
  | "busy"
  | "running"
  /** Prepaid past its deadline: Status -2 until the retention passes. */
  | "expired"
  /** Isolated (terminated, isolated or in arrears): in the recycle bin. */
  | "isolated"
  /** Gone for good (after the recycle-bin retention, or taken offline). */
  | "deleted";

const TASK_PHASE: Partial<Record<TaskKind, Phase>> = { create: "creating", upgrade: "upgrading", password: "password", terminate: "terminating", isolate: "terminating" };

/** What each running task shows as InstanceStatusDesc. */
const TASK_DESC: Readonly<Record<TaskKind, string>> = {
  create: "创建中",
  upgrade: "变配中",
  password: "修改密码中",
  terminate: "销毁中",
  isolate: "隔离中",
  offline: "下线中",
  network: "修改网络中",
  restart: "重启中",
  tde: "开启透明加密中",
  ssl: "设置SSL中",
  params: "修改参数中",
  zone: "迁移可用区中",
  kernel: "升级内核中",
  version: "升级版本中",
  promote: "切换为主实例中",
  restore: "回档中",
};

/** The mongos of a sharded cluster bought without naming them (2018-04-08 has no mongos members): 3 × 2C4G. */
export const DEFAULT_MONGOS = { cpu: 2, memoryGb: 4, nodeNum: 3 };

export const DEFAULT_MAINTENANCE = { start: "04:00", end: "05:00", days: "1,2,3,4,5,6,7" };

/** The default node layout of a shard: a primary and `secondaryNum` secondaries in the instance's zone. */
export function defaultNodes(secondaryNum: number, zone: string, readonly = 0): NodeSpec[] {
  const node = (suffix: string, role: NodeSpec["role"]): NodeSpec => ({
    suffix,
    role,
    zone,
    hidden: false,
    priority: role === "READONLY" ? 0 : 1,
    votes: role === "READONLY" ? 0 : 1,
    tags: [],
  });
  return [
    node("node-primary", "PRIMARY"),
    ...Array.from({ length: secondaryNum }, (_, i) => node(`node-slave${i}`, "SECONDARY")),
    ...Array.from({ length: readonly }, (_, i) => node(`node-readonly${i}`, "READONLY")),
  ];
}

/** The instance with the 2019-07-25 members filled in for documents created before they existed. */
export function withDefaults(inst: MongoInstance): Required<MongoInstance> {
  return {
    cpu: 0,
    nodes: defaultNodes(inst.secondaryNum, inst.zone),
    mongos: inst.clusterType === 1 ? DEFAULT_MONGOS : { cpu: 0, memoryGb: 0, nodeNum: 0 },
    zoneList: [inst.zone],
    tags: [],
    instanceType: 1,
    father: "",
    maintenance: DEFAULT_MAINTENANCE,
    deletionProtection: false,
    ssl: { enabled: false, expiresAt: 0 },
    tde: null,
    srvDomain: null,
    wanAddresses: [],
    params: {},
    billedUntil: inst.createdAt,
    offlineAt: null,
    kernelMinor: 0,
    vipReleased: false,
    retiredVips: [],
    ...inst,
  } as Required<MongoInstance>;
}

/** The instance with any task that has ended applied. Pure: the caller saves it when it writes anyway. */
export function settle(inst: MongoInstance, now: number): MongoInstance {
  const task = inst.task;
  if (!task || now < task.endsAt) return inst;
  const next: MongoInstance = { ...inst, task: null };
  if (task.target) Object.assign(next, task.target);
  if (task.kind === "password") next.passwordSet = true;
  return next;
}

export function phaseOf(inst: MongoInstance, now: number): Phase {
  if (inst.offlineAt != null && now >= inst.offlineAt) return "deleted";
  if (inst.terminatedAt !== null && now >= inst.terminatedAt) {
    const retention = inst.payMode === 1 ? RETENTION_MS.prepaid : RETENTION_MS.payAsYouGo;
    return now >= inst.terminatedAt + retention ? "deleted" : "isolated";
  }
  if (inst.payMode === 1 && now >= inst.deadline) {
    return now >= inst.deadline + RETENTION_MS.prepaid ? "deleted" : "expired";
  }
  if (inst.task && now < inst.task.endsAt) return TASK_PHASE[inst.task.kind] ?? "busy";
  return "running";
}

/** The numeric status and its description DescribeDBInstances answers (2018-04-08's statuses). */
export function statusOf(phase: Phase, inst?: MongoInstance): { status: number; desc: string } {
  switch (phase) {
    case "creating":
      return { status: 0, desc: "创建中" };
    case "upgrading":
    case "password":
    case "terminating":
    case "busy":
      return { status: 1, desc: inst?.task ? TASK_DESC[inst.task.kind] : "流程处理中" };
    case "running":
      return { status: 2, desc: "运行中" };
    default:
      return { status: -2, desc: "已隔离" };
  }
}

/** 2019-07-25's statuses: an isolated pay-as-you-go instance is -3 ("已隔离（按量计费）"). */
export function statusOf2019(phase: Phase, inst: MongoInstance): { status: number; desc: string } {
  if (phase === "isolated" && inst.payMode === 0) return { status: -3, desc: "已隔离" };
  return statusOf(phase, inst);
}

/** Listed by 2018-04-08's DescribeDBInstances (it has no state for an isolated pay-as-you-go instance). */
export function isListed(phase: Phase, inst?: MongoInstance): boolean {
  if (phase === "deleted") return false;
  if (phase === "isolated") return inst?.payMode === 1;
  return true;
}

export function instances(ctx: ActionContext<"mongodb">) {
  return ctx.docs<MongoInstance>("instance");
}

/** The instance as of now (tasks that ended applied) and its phase, or undefined when the id is unknown. */
export async function findInstance(ctx: ActionContext<"mongodb">, id: string): Promise<{ inst: MongoInstance; phase: Phase } | undefined> {
  if (typeof id !== "string") return undefined;
  const stored = await instances(ctx).get(id);
  if (!stored) return undefined;
  const now = ctx.now();
  const inst = settle(stored, now);
  ctx.touch(id);
  return { inst, phase: phaseOf(inst, now) };
}

export async function saveInstance(ctx: ActionContext<"mongodb">, inst: MongoInstance): Promise<void> {
  await instances(ctx).update(inst.InstanceId, inst);
}

/** Starts a task on a settled instance and saves it. */
export async function startTask(
  ctx: ActionContext<"mongodb">,
  inst: MongoInstance,
  kind: TaskKind,
  id: string,
  extra: { seconds?: number; target?: Task["target"] } = {},
): Promise<MongoInstance> {
  const now = ctx.now();
  const endsAt = now + (extra.seconds ?? TASK_SECONDS[kind]) * 1000;
  const next: MongoInstance = { ...inst, task: { kind, id, startedAt: now, endsAt, ...(extra.target ? { target: extra.target } : {}) } };
  if (kind === "terminate" || kind === "isolate") next.terminatedAt = endsAt;
  if (kind === "offline") next.offlineAt = endsAt;
  await saveInstance(ctx, next);
  return next;
}

export { addMonths } from "../../platform/clock";
