import type { CvmActions } from "../../generated/models/cvm";
import { defineService } from "../../platform/definition";

/** cvm: no action is implemented yet; every action validates its members and answers UnsupportedOperation. */
export const cvm = defineService<"cvm", CvmActions>({
  name: "cvm",
  regions: ["ap-guangzhou", "ap-shanghai", "ap-beijing"],
  handlers: {},
});
