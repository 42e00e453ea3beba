import type { MongodbV20180408Actions as MongodbActions } from "../../../generated/models/mongodb-v20180408";
import type { Handler } from "../../../platform/definition";
import type { ActionContext } from "../../../platform/service";
import { nextId } from "../billing";
import { findInstance, saveInstance, startTask, type MongoInstance, type Phase } from "../instance";
import { ADMIN_USER, setUserPassword } from "../accounts";
import { recordAsyncRequest } from "../orders";
import { projectExists } from "../projects";
import { settleHourly } from "../renewal";
import { projectMissing } from "../purchase";
import { instanceNameProblem, passwordProblem, uintProblem } from "../rules";
import { busyText } from "./upgrade";

type H<A extends keyof MongodbActions> = Handler<"mongodb", MongodbActions[A]>;


function notFound(ctx: ActionContext<"mongodb">, id: string): never {
  ctx.fail("InvalidParameterValue.NotFoundInstance", { en: `The instance ${id} does not exist.`, zh: `未找到实例 ${id}。` });
}

/** A listed instance (running, busy or expired), or NotFoundInstance. */
async function listed(ctx: ActionContext<"mongodb">, id: string): Promise<{ inst: MongoInstance; phase: Phase }> {
  const found = await findInstance(ctx, id);
  if (!found || found.phase === "isolated" || found.phase === "deleted") notFound(ctx, id);
  return found;
}

const BUSY: readonly Phase[] = ["creating", "upgrading", "password", "terminating"];

export const renameInstance: H<"RenameInstance"> = async (ctx, req) => {
  const found = await findInstance(ctx, req.InstanceId);
  if (!found) notFound(ctx, req.InstanceId);
  if (found.phase === "deleted") {
    ctx.fail("InvalidParameterValue.InstanceHasBeenDeleted", { en: `The instance ${req.InstanceId} has been deleted.`, zh: `实例 ${req.InstanceId} 已删除。` });
  }
  if (found.phase === "isolated" || found.phase === "expired") {
    ctx.fail("InvalidParameterValue.InstanceHasBeenIsolated", { en: `The instance ${req.InstanceId} has been isolated.`, zh: `实例 ${req.InstanceId} 已隔离。` });
  }
  const problem = instanceNameProblem(req.NewName);
  if (problem) ctx.fail("InvalidParameterValue.IllegalInstanceName", problem);
  // A rename changes metadata only: it takes no task lock and is allowed while a task runs.
  await saveInstance(ctx, { ...found.inst, name: req.NewName });
  return {};
};

export const setAutoRenew: H<"SetAutoRenew"> = async (ctx, req) => {
  const flag = Number(req.AutoRenewFlag);
  if (uintProblem("AutoRenewFlag", req.AutoRenewFlag) || ![0, 1, 2].includes(flag)) {
    ctx.fail("InvalidParameter", {
      en: `AutoRenewFlag ${req.AutoRenewFlag} is invalid: 0 (renew manually), 1 (renew automatically) or 2 (do not renew).`,
      zh: `AutoRenewFlag 取值 ${req.AutoRenewFlag} 错误：0（手动续费）、1（自动续费）或 2（确认不续费）。`,
    });
  }
  if (!req.InstanceIds.length) ctx.fail("InvalidParameter", { en: "InstanceIds must name at least one instance.", zh: "InstanceIds 不能为空。" });
  const targets: MongoInstance[] = [];
  for (const id of req.InstanceIds) targets.push((await listed(ctx, id)).inst);
  for (const inst of targets) {
    if (inst.payMode === 0) {
      ctx.fail("InvalidParameterValue.PostPayRenewError", {
        en: `The instance ${inst.InstanceId} is pay-as-you-go and cannot be renewed.`,
        zh: `实例 ${inst.InstanceId} 为按量计费实例，不允许续费。`,
      });
    }
  }
  // An expired instance with auto-renewal turned on is renewed by the next call's reconcile (balance permitting).
  for (const inst of targets) await saveInstance(ctx, { ...inst, autoRenewFlag: flag });
  return {};
};

export const setPassword: H<"SetPassword"> = async (ctx, req) => {
  const { inst, phase } = await listed(ctx, req.InstanceId);
  if (phase === "creating" || phase === "expired") {
    ctx.fail("InvalidParameterValue.StatusAbnormal", {
      en: `The instance ${inst.InstanceId} is ${busyText(phase)}; its password can be set once it runs.`,
      zh: `实例 ${inst.InstanceId} 当前状态不允许设置密码。`,
    });
  }
  if (BUSY.includes(phase)) {
    ctx.fail("InvalidParameterValue.LockFailed", {
      en: `The instance ${inst.InstanceId} is ${busyText(phase)}; retry when that task has finished.`,
      zh: `实例 ${inst.InstanceId} 有任务正在执行，实例锁定失败，请稍后重试。`,
    });
  }
  if (req.UserName !== ADMIN_USER) {
    ctx.fail("InvalidParameterValue.UserNotFound", {
      en: `The account ${req.UserName} does not exist on instance ${inst.InstanceId}; use ${ADMIN_USER}.`,
      zh: `实例 ${inst.InstanceId} 不存在账户 ${req.UserName}，请使用 ${ADMIN_USER}。`,
    });
  }
  const problem = passwordProblem(req.Password);
  if (problem) ctx.fail("InvalidParameterValue.PasswordRuleFailed", problem);
  const flowId = await nextId(ctx, "flow");
  await setUserPassword(ctx, inst.InstanceId, ADMIN_USER, req.Password);
  const next = await startTask(ctx, inst, "password", String(flowId));
  await recordAsyncRequest(ctx, { id: String(flowId), kind: "password", instanceId: inst.InstanceId, startedAt: ctx.now(), endsAt: next.task!.endsAt });
  return { FlowId: flowId };
};

export const assignProject: H<"AssignProject"> = async (ctx, req) => {
  const projectProblem = uintProblem("ProjectId", req.ProjectId);
  if (projectProblem) ctx.fail("InvalidParameter", projectProblem);
  if (!req.InstanceIds.length) ctx.fail("InvalidParameter", { en: "InstanceIds must name at least one instance.", zh: "InstanceIds 不能为空。" });
  const targets: { inst: MongoInstance; phase: Phase }[] = [];
  for (const id of req.InstanceIds) targets.push(await listed(ctx, id));
  if (!(await projectExists(ctx, req.ProjectId))) ctx.fail("InvalidParameterValue.ProjectNotFound", projectMissing(req.ProjectId));
  for (const { inst, phase } of targets) {
    if (phase !== "running") {
      ctx.fail("InvalidParameterValue.LockFailed", {
        en: `The instance ${inst.InstanceId} is ${busyText(phase)} and cannot be locked to change its project.`,
        zh: `实例 ${inst.InstanceId} 锁定失败，当前状态不允许修改所属项目。`,
      });
    }
  }
  const FlowIds: number[] = [];
  for (const { inst } of targets) {
    await saveInstance(ctx, { ...inst, projectId: Number(req.ProjectId) });
    FlowIds.push(await nextId(ctx, "flow"));
  }
  return { FlowIds };
};

/**
 * TerminateDBInstance destroys a pay-as-you-go instance: the call returns its AsyncRequestId at once, the
 * instance shows Status 1 until isolation completes and then leaves the list. A second request while the
 * first one's async task runs fails when the service registers it: InternalError.AsyncRequestError.
 */
export const terminateDBInstance: H<"TerminateDBInstance"> = async (ctx, req) => {
  const found = await findInstance(ctx, req.InstanceId);
  if (!found || found.phase === "deleted") notFound(ctx, req.InstanceId);
  const { inst, phase } = found;
  if (phase === "isolated" || phase === "expired") {
    ctx.fail("InvalidParameterValue.InstanceHasBeenIsolated", { en: `The instance ${inst.InstanceId} has been isolated.`, zh: `实例 ${inst.InstanceId} 已隔离。` });
  }
  if (phase === "terminating") {
    ctx.fail("InternalError.AsyncRequestError", {
      en: `The instance ${inst.InstanceId} already has a termination request (${inst.task?.id}) in progress.`,
      zh: `实例 ${inst.InstanceId} 已有销毁任务（${inst.task?.id}）正在执行，查询异步任务错误。`,
    });
  }
  if (inst.payMode === 1) {
    ctx.fail("InvalidParameter", {
      en: `The instance ${inst.InstanceId} is prepaid (monthly subscription); TerminateDBInstance only destroys pay-as-you-go instances.`,
      zh: `实例 ${inst.InstanceId} 为包年包月实例，TerminateDBInstance 仅用于销毁按量计费实例。`,
    });
  }
  if (inst.deletionProtection) {
    // Set through 2019-07-25 (SetDBInstanceDeletionProtection); 2018-04-08 has no code of its own for it.
    ctx.fail("InvalidParameter", {
      en: `The instance ${inst.InstanceId} has deletion protection enabled; turn it off before terminating it.`,
      zh: `实例 ${inst.InstanceId} 开启了销毁保护，不允许销毁。`,
    });
  }
  if (phase === "creating") {
    ctx.fail("InvalidParameterValue.StatusAbnormal", {
      en: `The instance ${inst.InstanceId} is being created and cannot be terminated yet.`,
      zh: `实例 ${inst.InstanceId} 正在创建中，不允许销毁。`,
    });
  }
  if (phase !== "running") {
    ctx.fail("InvalidParameterValue.LockFailed", {
      en: `The instance ${inst.InstanceId} is ${busyText(phase)}; retry when that task has finished.`,
      zh: `实例 ${inst.InstanceId} 有任务正在执行，实例锁定失败，请稍后重试。`,
    });
  }
  const asyncRequestId = String(await nextId(ctx, "async"));
  const next = await startTask(ctx, await settleHourly(ctx, inst), "terminate", asyncRequestId);
  await recordAsyncRequest(ctx, { id: asyncRequestId, kind: "isolate", instanceId: inst.InstanceId, startedAt: ctx.now(), endsAt: next.task!.endsAt });
  return { AsyncRequestId: asyncRequestId };
};
