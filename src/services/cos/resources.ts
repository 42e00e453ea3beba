import type { ProductName } from "../../errors/catalog";
import { resourceKind, type ResourceKind } from "../../platform/resource-kind";
import { bucketsIn, type Bucket } from "./buckets";
import { objectsIn } from "./objects";
import { bucketEntry } from "./operations/buckets";

/** COS's CAM resource name: `qcs::cos:<region>:uid/<appid>:<bucket>-<appid>/<key>` (the bucket itself ends in '/'). */
export function cosResource(region: string, appId: number, bucket: string, key: string): string {
  return `qcs::cos:${region}:uid/${appId}:${bucket}-${appId}/${key}`;
}

/**
 * COS in the console and `GET /_tclocal/resources/cos/…`: the account's buckets in the region, each as GET Service
 * lists it, with its versioning status (GET Bucket versioning's Status, "" when never set) and how many objects it
 * holds (current versions, delete markers left out). COS is not an API 3.0 product: the kinds read through the
 * context's transaction, account and region only. Objects are counted as stored: lifecycle rules that became due
 * apply at the bucket's next request.
 */
export const cosResources: readonly ResourceKind[] = [
  resourceKind<ProductName, Bucket>({
    kind: "buckets",
    title: "Buckets",
    describedBy: "GET Service Bucket, with GET Bucket versioning's Status and the object count",
    columns: [{ field: "Name" }, { field: "Location" }, { field: "CreationDate" }, { field: "Versioning" }, { field: "ObjectCount" }],
    collection: (ctx) => bucketsIn(ctx.tx, ctx.caller.uin, ctx.region),
    id: (b) => b.name,
    presenter: (ctx) => async (b) => {
      const objects = objectsIn(ctx.tx, ctx.caller.uin, ctx.region);
      // Delete markers exist only in a bucket that had versioning: otherwise the store counts the bucket's objects.
      const count = b.versioning ? (await objects.all(b.name)).filter((o) => !o.deleteMarker).length : await objects.count(b.name);
      return { ...bucketEntry(b), Versioning: b.versioning ?? "", ObjectCount: count };
    },
  }),
];
