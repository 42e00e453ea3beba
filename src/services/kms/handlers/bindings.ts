import { bindingId, bindings, requireCmk, saveCmk } from "../cmk";
import type { Ctx } from "../formats";
import type { KmsHandlers } from "./types";

/** Which cloud product resources use a CMK; a bound key cannot be disabled, archived or scheduled for deletion. */

function nonEmpty(ctx: Ctx, value: string, member: string): string {
  if (!value) ctx.fail("InvalidParameter", { en: `${member} must not be empty.`, zh: `${member} 不能为空。` });
  return value;
}

export const bindingHandlers: KmsHandlers = {
  async BindCloudResource(ctx, req) {
    const productId = nonEmpty(ctx, req.ProductId, "ProductId");
    const resourceId = nonEmpty(ctx, req.ResourceId, "ResourceId");
    const cmk = await requireCmk(ctx, req.KeyId);
    if (cmk.keyState === "PendingDelete") {
      ctx.fail("ResourceUnavailable.CmkStateNotSupport", {
        en: `The CMK (${cmk.keyId}) is pending deletion; it cannot be bound to a cloud resource.`,
        zh: `CMK (${cmk.keyId}) 处于计划删除状态，不能绑定云资源。`,
      });
    }
    // "如果当前key设置了自动过期，则取消该设置，确保当前key不会自动失效"
    if (cmk.validTo) await saveCmk(ctx, { ...cmk, validTo: 0 });
    await bindings(ctx).put(bindingId(cmk.keyId, productId, resourceId), { keyId: cmk.keyId, productId, resourceId }, cmk.keyId);
    return {};
  },

  async UnbindCloudResource(ctx, req) {
    const cmk = await requireCmk(ctx, req.KeyId);
    if (!(await bindings(ctx).delete(bindingId(cmk.keyId, req.ProductId, req.ResourceId)))) {
      ctx.fail("ResourceUnavailable.CloudResourceBindingNotFound", {
        en: `The CMK (${cmk.keyId}) is not bound to the resource ${req.ResourceId} of ${req.ProductId}.`,
        zh: `CMK (${cmk.keyId}) 与云产品 ${req.ProductId} 的资源 ${req.ResourceId} 的绑定关系不存在。`,
      });
    }
    return {};
  },
};
