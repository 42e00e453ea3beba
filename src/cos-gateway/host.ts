import { isKnownRegion } from "../platform/regions";

/**
 * Stage "route by Host": COS is addressed by virtual host, `<bucket>-<appid>.cos.<region>.<domain>`, on
 * tclocal's own port. The service endpoint is `cos.<region>.<domain>` or `service.cos.<domain>`. The domain is
 * `--cos-domain` (default `localhost`); the real `myqcloud.com` names are accepted too, for clients sent here
 * by hosts-file entries. `<bucket>-<appid>.cos-website.<region>.<domain>` is the bucket's static website. Path style (`cos.<region>.<domain>/<bucket>-<appid>/<key>`) is kept as a legacy extra.
 */
export type CosTarget =
  | { readonly kind: "service"; readonly region: string | null }
  | {
      readonly kind: "bucket";
      readonly region: string;
      readonly bucket: string;
      readonly appId: number | null;
      readonly pathStyle: boolean;
      /** The static-website endpoint (`<bucket>.cos-website.<region>.<domain>`): index and error documents. */
      readonly website?: boolean;
    };

export const DEFAULT_COS_DOMAIN = "localhost";

function hostname(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith("[")) return h;
  const colon = h.lastIndexOf(":");
  return colon >= 0 ? h.slice(0, colon) : h;
}

/** `examplebucket-1250000000` → its parts; appId null when the name has no -APPID suffix. */
export function splitBucket(full: string): { bucket: string; appId: number | null } {
  const m = /^(.+)-(\d{1,12})$/.exec(full);
  return m ? { bucket: m[1], appId: Number(m[2]) } : { bucket: full, appId: null };
}

/** What a Host addresses, or null when it is not a COS host (the API 3.0 endpoint and the control API). */
export function cosTarget(host: string | undefined, domain: string): CosTarget | null {
  if (!host) return null;
  const name = hostname(host);
  for (const d of new Set([domain.toLowerCase(), "myqcloud.com"])) {
    if (!name.endsWith(`.${d}`)) continue;
    const rest = name.slice(0, -d.length - 1);
    if (rest === "service.cos") return { kind: "service", region: null };
    const service = /^cos\.([a-z0-9-]+)$/.exec(rest);
    if (service) return { kind: "service", region: service[1] };
    const bucket = /^(.+)\.cos(-website)?\.([a-z0-9-]+)$/.exec(rest);
    if (bucket) return { kind: "bucket", region: bucket[3], ...splitBucket(bucket[1]), pathStyle: false, website: Boolean(bucket[2]) };
  }
  return null;
}

export function isCosRegion(region: string): boolean {
  return isKnownRegion(region);
}
