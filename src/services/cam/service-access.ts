import { errorCatalog } from "../../errors/catalog";
import { groups } from "../../platform/identity/groups";
import type { PolicyView } from "../../platform/identity/policies";
import { attachedViews } from "./attachments";
import { groupById, owner, roleOf, userByUin, type CamHandlers, type Ctx } from "./common";

/** ListPoliciesGrantingServiceAccess: which services an entity's policies open, with the actions they name. */

const SERVICE_NAMES: Record<string, string> = {
  kms: "密钥管理系统",
  cbs: "云硬盘",
  cvm: "云服务器",
  mongodb: "云数据库 MongoDB",
  cloudaudit: "操作审计",
  cam: "访问管理",
  sts: "安全凭证服务",
  yunjing: "主机安全",
  cos: "对象存储",
};

/** The services an action pattern reaches: its own, or every known one for `*`. */
function servicesOf(action: string): string[] {
  const a = action.replace(/^name\//, "");
  if (a === "*") return Object.keys(SERVICE_NAMES).filter((s) => s in errorCatalog || s === "cos");
  const service = a.split(":")[0];
  return service && service !== "*" ? [service.toLowerCase()] : [];
}

async function entityPolicies(ctx: Ctx, req: { TargetUin?: number; RoleId?: number; GroupId?: number }): Promise<PolicyView[]> {
  if (req.TargetUin !== undefined) {
    const user = await userByUin(ctx, req.TargetUin);
    if (!user) return ctx.fail("InvalidParameter.ParamError", `The sub-user ${req.TargetUin} does not exist.`);
    const views = (await attachedViews(ctx, "user", user.subUin)).map((x) => x.view);
    for (const g of await groups.of(ctx.tx, owner(ctx), user.subUin)) views.push(...(await attachedViews(ctx, "group", String(g.id))).map((x) => x.view));
    return views;
  }
  if (req.RoleId !== undefined) return (await attachedViews(ctx, "role", (await roleOf(ctx, req.RoleId, undefined)).roleId)).map((x) => x.view);
  if (req.GroupId !== undefined) return (await attachedViews(ctx, "group", String((await groupById(ctx, req.GroupId)).id))).map((x) => x.view);
  ctx.fail("InvalidParameter", "Give TargetUin, RoleId or GroupId.");
}

export const serviceAccessHandlers: CamHandlers = {
  async ListPoliciesGrantingServiceAccess(ctx, req) {
    const nodes = new Map<string, { actions: Set<string>; policies: Map<number, PolicyView> }>();
    for (const view of await entityPolicies(ctx, req)) {
      for (const s of view.parsed.statement) {
        if (s.effect !== "allow") continue;
        for (const action of [s.action].flat()) {
          for (const service of servicesOf(action)) {
            if (req.ServiceType && req.ServiceType !== service) continue;
            const node = nodes.get(service) ?? { actions: new Set<string>(), policies: new Map<number, PolicyView>() };
            const name = action.replace(/^name\//, "").split(":")[1];
            if (name && !name.includes("*")) node.actions.add(name);
            node.policies.set(view.id, view);
            nodes.set(service, node);
          }
        }
      }
    }
    return {
      List: [...nodes.entries()].map(([service, node]) => ({
        Service: { ServiceType: service, ServiceName: SERVICE_NAMES[service] ?? service },
        Action: [...node.actions].map((name) => ({ Name: name, Description: "" })),
        Policy: [...node.policies.values()].map((v) => ({
          PolicyId: String(v.id),
          PolicyName: v.name,
          PolicyDescription: v.description,
          PolicyType: v.type === 1 ? "Custom" : "Preset",
        })),
      })),
    };
  },
};
