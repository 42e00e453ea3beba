import type { ActionContext } from "../../platform/service";

/**
 * A MongoDB instance and its lifecycle. Every state is derived from stored timestamps and the emulator
 * clock: a task (creation, upgrade, password change, termination) runs from `startedAt` to `endsAt`; its
 * effect is applied the first time the instance is read after `endsAt` (`settle`), so a clock advance
 * finishes it at once and nothing runs in the background.
 */

export type TaskKind = "create" | "upgrade" | "password" | "terminate";

export interface Task {
  readonly kind: TaskKind;
  /** The flow, deal or async request id the call returned. */
  readonly id: string;
  readonly startedAt: number;
  readonly endsAt: number;
  /** The spec an upgrade moves to (per shard). */
  readonly target?: { memoryGb: number; volumeGb: number; oplogGb: number };
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
  createdAt: number;
  /** Prepaid: end of the paid period; pay-as-you-go: creation + 50 years, as the real API answers. */
  deadline: number;
  autoRenewFlag: number;
  /** Prepaid: the monthly price charged for renewals and used to prorate upgrades. */
  monthlyPrice: number;
  passwordSet: boolean;
  task: Task | null;
  /** Termination: when the instance was (or will be) isolated and leaves the instance list. */
  terminatedAt: number | null;
}

/** How long tasks take on the emulator clock (seconds). */
export const TASK_SECONDS: Readonly<Record<TaskKind, number>> = {
  create: 600,
  upgrade: 300,
  password: 10,
  terminate: 60,
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
  | "running"
  /** Prepaid past its deadline: listed with Status -2 until the retention passes. */
  | "expired"
  /** Terminated and isolated: no longer listed, still known to the service. */
  | "isolated"
  /** Gone for good (after the recycle-bin retention). */
  | "deleted";

const TASK_PHASE: Record<TaskKind, Phase> = { create: "creating", upgrade: "upgrading", password: "password", terminate: "terminating" };

/** The instance with any task that has ended applied. Pure: the caller saves it when it writes anyway. */
export function settle(inst: MongoInstance, now: number): MongoInstance {
  const task = inst.task;
  if (!task || now < task.endsAt) return inst;
  const next: MongoInstance = { ...inst, task: null };
  if (task.kind === "upgrade" && task.target) Object.assign(next, task.target);
  if (task.kind === "password") next.passwordSet = true;
  return next;
}

export function phaseOf(inst: MongoInstance, now: number): Phase {
  if (inst.terminatedAt !== null && now >= inst.terminatedAt) {
    return now >= inst.terminatedAt + RETENTION_MS.payAsYouGo ? "deleted" : "isolated";
  }
  if (inst.payMode === 1 && now >= inst.deadline) {
    return now >= inst.deadline + RETENTION_MS.prepaid ? "deleted" : "expired";
  }
  if (inst.task && now < inst.task.endsAt) return TASK_PHASE[inst.task.kind];
  return "running";
}

/** The numeric status and its description DescribeDBInstances answers for a phase. */
export function statusOf(phase: Phase): { status: number; desc: string } {
  switch (phase) {
    case "creating":
      return { status: 0, desc: "创建中" };
    case "upgrading":
      return { status: 1, desc: "变配中" };
    case "password":
      return { status: 1, desc: "修改密码中" };
    case "terminating":
      return { status: 1, desc: "销毁中" };
    case "running":
      return { status: 2, desc: "运行中" };
    default:
      return { status: -2, desc: "已隔离" };
  }
}

/** Listed by DescribeDBInstances. */
export function isListed(phase: Phase): boolean {
  return phase !== "isolated" && phase !== "deleted";
}

export function instances(ctx: ActionContext<"mongodb">) {
  return ctx.docs<MongoInstance>("instance");
}

/** The instance as of now (tasks that ended applied) and its phase, or undefined when the id is unknown. */
export async function findInstance(ctx: ActionContext<"mongodb">, id: string): Promise<{ inst: MongoInstance; phase: Phase } | undefined> {
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
  if (kind === "terminate") next.terminatedAt = endsAt;
  await saveInstance(ctx, next);
  return next;
}

export { addMonths } from "../../platform/clock";
