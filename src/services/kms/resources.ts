import type { ResourceKind } from "../../platform/resource-kind";
import { resourceKind } from "../../platform/resource-kind";
import { cmks, keyMetadata } from "./cmk";
import { dataKeyMetadata, dataKeys } from "./datakey";
import { whiteBoxInfo, whiteBoxKeys } from "./whitebox";

/** KMS in the console and `GET /_tclocal/resources/kms/…`: keys pending deletion included, as ListKeyDetail lists them. */
export const kmsResources: readonly ResourceKind[] = [
  resourceKind({
    kind: "keys",
    title: "Keys (CMKs)",
    describedBy: "DescribeKey KeyMetadata",
    columns: [
      { field: "KeyId" },
      { field: "Alias" },
      { field: "KeyState" },
      { field: "KeyUsage" },
      { field: "KeyRotationEnabled" },
      { field: "DeletionDate", format: "epoch-s" },
      { field: "CreateTime", format: "epoch-s" },
      { field: "Description" },
    ],
    collection: cmks,
    id: (cmk) => cmk.keyId,
    presenter: () => keyMetadata,
  }),
  resourceKind({
    kind: "whitebox-keys",
    title: "White-box keys",
    describedBy: "DescribeWhiteBoxKey KeyInfo",
    columns: [{ field: "KeyId" }, { field: "Alias" }, { field: "Algorithm" }, { field: "Status" }, { field: "CreateTime", format: "epoch-s" }, { field: "Description" }],
    collection: whiteBoxKeys,
    id: (w) => w.keyId,
    secretMembers: ["EncryptKey", "DecryptKey"],
    presenter: () => whiteBoxInfo,
  }),
  resourceKind({
    kind: "data-keys",
    title: "Data keys",
    describedBy: "DescribeDataKey DataKeyMetadata",
    columns: [
      { field: "DataKeyId" },
      { field: "DataKeyName" },
      { field: "KeyId" },
      { field: "KeyState" },
      { field: "Origin" },
      { field: "DeletionDate", format: "epoch-s" },
      { field: "CreateTime", format: "epoch-s" },
    ],
    collection: dataKeys,
    id: (dk) => dk.dataKeyId,
    presenter: (ctx) => (dk) => dataKeyMetadata(ctx, dk),
  }),
];
