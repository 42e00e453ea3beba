import type { CloudauditActions } from "../../generated/models/cloudaudit";
import { defineService } from "../../platform/definition";

/** cloudaudit: no action is implemented yet; every action validates its members and answers UnsupportedOperation. */
export const cloudaudit = defineService<"cloudaudit", CloudauditActions>({
  name: "cloudaudit",
  regions: ["ap-guangzhou", "ap-shanghai", "ap-beijing"],
  handlers: {},
});
