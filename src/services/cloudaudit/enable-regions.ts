import type { CloudauditActions } from "../../generated/models/cloudaudit";
import type { Handlers } from "../../platform/definition";
import { kms } from "../kms";
import { listKeyAliases } from "../kms/for-products";
import { checkWebsiteType } from "./lookup";
import { CMQ_ENABLE_REGIONS, COS_ENABLE_REGIONS } from "./regions";

/** Where tracking sets can deliver (ListCosEnableRegion, ListCmqEnableRegion) and which keys can encrypt (ListKeyAliasByRegion). */
export const enableRegionHandlers = {
  ListCosEnableRegion(ctx, req) {
    const site = checkWebsiteType(ctx, req.WebsiteType);
    return { EnableRegions: COS_ENABLE_REGIONS.map((r) => ({ CosRegion: r.id, CosRegionName: r[site] })) };
  },

  ListCmqEnableRegion(ctx, req) {
    const site = checkWebsiteType(ctx, req.WebsiteType);
    return { EnableRegions: CMQ_ENABLE_REGIONS.map((r) => ({ CmqRegion: r.id, CmqRegionName: r[site] })) };
  },

  async ListKeyAliasByRegion(ctx, req) {
    if (!kms.regions.includes(req.KmsRegion)) {
      ctx.fail("InvalidParameterValue.KmsRegionError", `CloudAudit does not support KMS in the region ${JSON.stringify(req.KmsRegion)}.`);
    }
    const limit = req.Limit ?? 10;
    const offset = req.Offset ?? 0;
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
      ctx.fail("InvalidParameterValue", `Limit must be an integer from 1 to 200 (got ${String(req.Limit)}).`);
    }
    if (!Number.isInteger(offset) || offset < 0) {
      ctx.fail("InvalidParameterValue", `Offset must be a non-negative integer (got ${String(req.Offset)}).`);
    }
    const aliases = await listKeyAliases(ctx.inRegion(req.KmsRegion));
    return {
      TotalCount: aliases.length,
      KeyMetadatas: aliases.slice(offset, offset + limit).map((k) => ({ KeyId: k.KeyId, Alias: k.Alias })),
    };
  },
} satisfies Handlers<"cloudaudit", CloudauditActions>;
