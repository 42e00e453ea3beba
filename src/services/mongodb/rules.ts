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

export const SECURITY_GROUP_ID = /^sg-[a-z0-9]{8}$/;

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
