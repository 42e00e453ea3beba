import { cam } from "./cam";
import { cbs } from "./cbs";
import { cloudaudit } from "./cloudaudit";
import { cvm } from "./cvm";
import { kms } from "./kms";
import { mongodb } from "./mongodb";
import { sts } from "./sts";
import { vpcService } from "./vpc";
import { yunjing } from "./yunjing";

/** Every product tclocal emulates. */
export const services = [yunjing, mongodb, kms, cbs, cvm, vpcService, cloudaudit, cam, sts] as const;
