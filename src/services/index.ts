import { cam } from "./cam";
import { cbs } from "./cbs";
import { cloudaudit } from "./cloudaudit";
import { cvm } from "./cvm";
import { kms } from "./kms";
import { mongodb } from "./mongodb";
import { sts } from "./sts";
import { yunjing } from "./yunjing";

/** Every product tclocal emulates. */
export const services = [yunjing, mongodb, kms, cbs, cvm, cloudaudit, cam, sts] as const;
