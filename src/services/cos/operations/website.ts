import { mayDo } from "../../../cos-gateway/authorize";
import type { Bucket } from "../buckets";
import type { CosContext, CosReply } from "../context";
import { CosError } from "../errors";
import { text } from "../xml";
import { getObject } from "./get-object";

/**
 * GET on a bucket's website endpoint: the object (the pipeline already turned a folder into its index
 * document); a missing one answers the configured error document with 404, when the caller may read it.
 * RedirectAllRequestsTo answers 301 to the other host.
 */
export function websiteOperation(bucket: Bucket) {
  return async (ctx: CosContext): Promise<CosReply> => {
    const config = bucket.configs.website ?? {};
    const redirect = config.RedirectAllRequestsTo as Record<string, unknown> | undefined;
    if (redirect) {
      const protocol = text(redirect.Protocol) ?? "http";
      return { status: 301, headers: { Location: `${protocol}://${text(redirect.HostName) ?? ""}/${ctx.req.key}` } };
    }
    try {
      return await getObject(ctx);
    } catch (e) {
      const errorKey = text((config.ErrorDocument as Record<string, unknown> | undefined)?.Key);
      if (!(e instanceof CosError) || e.code !== "NoSuchKey" || !errorKey) throw e;
      if (!(await mayDo(ctx.app, ctx.caller, bucket, errorKey, "GetObject", ctx.req))) throw e;
      const page = await getObject({ ...ctx, req: { ...ctx.req, key: errorKey, headers: {} } });
      return { ...page, status: 404 };
    }
  };
}
