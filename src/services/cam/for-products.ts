import { Collection } from "../../platform/collection";
import type { ActionContext } from "../../platform/service";
import type { ProductName } from "../../errors/catalog";
import type { OidcProvider, SamlProvider } from "./provider-model";

/**
 * What other products use of CAM, in the same transaction: STS reads the identity providers of the account that
 * owns a role (AssumeRoleWithSAML, AssumeRoleWithWebIdentity). Implemented by the CAM service (src/services/cam).
 */
function providers<T>(ctx: ActionContext<ProductName>, uin: string, kind: string): Collection<T> {
  return new Collection<T>(ctx.tx, { service: "cam", account: uin, region: "*" }, kind);
}

export function samlProviderOf(ctx: ActionContext<ProductName>, uin: string, name: string): Promise<SamlProvider | undefined> {
  return providers<SamlProvider>(ctx, uin, "saml-provider").get(name);
}

export function oidcProviderOf(ctx: ActionContext<ProductName>, uin: string, name: string): Promise<OidcProvider | undefined> {
  return providers<OidcProvider>(ctx, uin, "oidc-provider").get(name);
}

export type { OidcProvider, SamlProvider };
