import type { YunjingActions } from "../../generated/models/yunjing";
import { defineService } from "../../platform/definition";

/** yunjing: no action is implemented yet; every action validates its members and answers UnsupportedOperation. */
export const yunjing = defineService<"yunjing", YunjingActions>({
  name: "yunjing",
  regions: ["ap-guangzhou", "ap-shanghai", "ap-beijing"],
  handlers: {},
});
