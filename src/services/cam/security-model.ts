import type { MfaFlags } from "../../platform/accounts";
import { camDocs, type Ctx } from "./common";

/**
 * The account's console password rules (GetPasswordRules / UpdatePasswordRules). Until they are set, CAM's
 * default applies: "8位以上同时包含大小写字母、数字和特殊字符" (AddUser's Password).
 */
export interface PasswordRules {
  minimumLength: number;
  /** Character classes a password must contain: A upper, a lower, 1 digit, ! special (CAM's MustContain letters). */
  mustContain: string;
  forcePasswordChange: number;
  reusePasswordLimit: number;
  retryPasswordLimit: number;
  passwordExpirationInvalidation: number;
  updatedAt: number | null;
  modifier: string;
}

export const DEFAULT_PASSWORD_RULES: PasswordRules = {
  minimumLength: 8,
  mustContain: "Aa1!",
  forcePasswordChange: 0,
  reusePasswordLimit: 0,
  retryPasswordLimit: 0,
  passwordExpirationInvalidation: 2,
  updatedAt: null,
  modifier: "",
};

const CLASSES: Record<string, RegExp> = { A: /[A-Z]/, a: /[a-z]/, "1": /\d/, "!": /[^A-Za-z0-9]/ };

export async function passwordRules(ctx: Ctx): Promise<PasswordRules> {
  return (await camDocs<PasswordRules>(ctx, "settings").get("password-rules")) ?? DEFAULT_PASSWORD_RULES;
}

export async function savePasswordRules(ctx: Ctx, rules: PasswordRules): Promise<void> {
  await camDocs<PasswordRules>(ctx, "settings").put("password-rules", rules);
}

/** InvalidParameter.PasswordViolatedRules unless the password meets the account's rules. */
export async function checkPassword(ctx: Ctx, password: string): Promise<void> {
  const rules = await passwordRules(ctx);
  const missing = [...rules.mustContain].filter((c) => CLASSES[c] && !CLASSES[c].test(password));
  if (password.length < rules.minimumLength || password.length > 32 || missing.length) {
    ctx.fail(
      "InvalidParameter.PasswordViolatedRules",
      `The password must be ${rules.minimumLength}-32 characters and contain ${rules.mustContain.split("").map((c) => ({ A: "upper-case letters", a: "lower-case letters", "1": "digits", "!": "special characters" })[c] ?? c).join(", ")}.`,
    );
  }
}

export const NO_MFA: MfaFlags = { phone: 0, stoken: 0, wechat: 0, custom: 0 };

/** The SDK's LoginActionFlag shape of stored flags. */
export function flagView(f: MfaFlags | undefined) {
  const v = f ?? NO_MFA;
  return { Phone: v.phone, Token: 0, Stoken: v.stoken, Wechat: v.wechat, Custom: v.custom, Mail: 0, U2FToken: 0, Passkey: 0 };
}
