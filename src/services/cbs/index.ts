import type { CbsActions } from "../../generated/models/cbs";
import { defineService } from "../../platform/definition";

/** cbs: no action is implemented yet; every action validates its members and answers UnsupportedOperation. */
export const cbs = defineService<"cbs", CbsActions>({
  name: "cbs",
  regions: ["ap-guangzhou", "ap-shanghai", "ap-beijing"],
  handlers: {},
});
