import type { KmsActions } from "../../../generated/models/kms";
import type { Handlers } from "../../../platform/definition";

/** A group of KMS action handlers, typed by the SDK's own request and response models. */
export type KmsHandlers = Handlers<"kms", KmsActions>;
