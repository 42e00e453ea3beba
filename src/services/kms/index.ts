import type { KmsActions } from "../../generated/models/kms";
import { defineService } from "../../platform/definition";

/** kms: no action is implemented yet; every action validates its members and answers UnsupportedOperation. */
export const kms = defineService<"kms", KmsActions>({
  name: "kms",
  regions: ["ap-guangzhou", "ap-shanghai", "ap-beijing"],
  handlers: {},
});
