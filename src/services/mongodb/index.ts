import type { MongodbActions } from "../../generated/models/mongodb";
import { defineService } from "../../platform/definition";

/** mongodb: no action is implemented yet; every action validates its members and answers UnsupportedOperation. */
export const mongodb = defineService<"mongodb", MongodbActions>({
  name: "mongodb",
  regions: ["ap-guangzhou", "ap-shanghai", "ap-beijing"],
  handlers: {},
});
