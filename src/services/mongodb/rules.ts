import type { Message } from "../../errors/api-error";

/** Format rules the real service enforces on names, passwords, network ids and integer members. */

/** 1–128 characters: Chinese characters, letters, digits, `_` and `-` (the console's and CreateDBInstance's rule). */
const INSTANCE_NAME = /^[\u4e00-\u9fa5A-Za-z0-9_-]{1,128}$/u;

export function instanceNameProblem(name: string): Message | null {
  if (INSTANCE_NAME.test(name)) return null;
  return {
    en: `The instance name \`${name}\` is invalid: use 1 to 128 Chinese characters, letters, digits, underscores (_) or hyphens (-).`,
    zh: `实例名称 \`${name}\` 不合法：长度为1～128个字符，仅支持中文、英文、数字、下划线“_”与短划线“-”。`,
  };
}

const PASSWORD_SPECIALS = "!@#%^*()_";

/** 8–32 characters of letters, digits and !@#%^*()_, with at least two of those three kinds. */
export function passwordProblem(password: string): Message | null {
  const allowed = /^[A-Za-z0-9!@#%^*()_]{8,32}$/.test(password);
  const kinds = [/[A-Za-z]/, /[0-9]/, /[!@#%^*()_]/].filter((re) => re.test(password)).length;
  if (allowed && kinds >= 2) return null;
  return {
    en: `The password does not meet the rules: 8 to 32 characters, containing at least two of letters, digits and special characters (${PASSWORD_SPECIALS}); no other characters.`,
    zh: `密码不符合规范：长度为8～32个字符，至少包含字母、数字和字符（${PASSWORD_SPECIALS}）中的两种，且不能包含其他字符。`,
  };
}

export const VPC_ID = /^vpc-[a-z0-9]{8}$/;
export const SUBNET_ID = /^subnet-[a-z0-9]{8}$/;
export const SECURITY_GROUP_ID = /^sg-[a-z0-9]{8}$/;

/**
 * A VPC and subnet pair as the purchase actions take it: both or neither, each in its real form. Returns the
 * pair, null for the basic network, or a message naming what is wrong.
 */
export function networkProblem(vpcId: string | undefined, subnetId: string | undefined): Message | null {
  if (!vpcId && !subnetId) return null;
  if (!vpcId || !subnetId) {
    return {
      en: "VpcId and SubnetId must be specified together: the subnet of a VPC, or neither for the basic network.",
      zh: "VpcId 与 SubnetId 必须同时指定（私有网络及其子网），或都不指定（基础网络）。",
    };
  }
  if (!VPC_ID.test(vpcId)) return { en: `The VPC ${vpcId} does not exist.`, zh: `私有网络 ${vpcId} 不存在。` };
  if (!SUBNET_ID.test(subnetId)) return { en: `The subnet ${subnetId} does not exist in VPC ${vpcId}.`, zh: `子网 ${subnetId} 在私有网络 ${vpcId} 中不存在。` };
  return null;
}

/** The type message the gateway uses for members of the wrong type, for uint64 members given a fraction or a sign. */
export function uintProblem(member: string, value: number | bigint | undefined): Message | null {
  if (value === undefined) return null;
  if (typeof value === "bigint" ? value >= 0n : Number.isInteger(value) && value >= 0) return null;
  return {
    en: `The value type of parameter \`${member}\` is not valid, input type should be \`uint64\``,
    zh: `参数 \`${member}\` 取值类型错误。参数类型应为 \`uint64\``,
  };
}

/** ``The value `v` specified in the parameter `p` is not valid.``, the real InvalidParameterValue wording. */
export function invalidValue(member: string, value: unknown, why?: string): Message {
  const v = typeof value === "string" ? value : JSON.stringify(value, (_k, x) => (typeof x === "bigint" ? x.toString() : x));
  return {
    en: `The value \`${v}\` specified in the parameter \`${member}\` is not valid.${why ? " " + why : ""}`,
    zh: `参数 \`${member}\` 的取值 \`${v}\` 无效。${why ?? ""}`,
  };
}
