import { ApiError, type Message } from "../errors/api-error";
import type { ErrorCode, Language, ProductName } from "../errors/catalog";
import { accounts, type Account } from "./accounts";
import type { ConditionContext, Policy } from "./cam";
import { Collection } from "./collection";
import type { AuditTrail } from "./audit-trail";
import type { BlobStore } from "./blobs/blob-store";
import type { Tx } from "./store/store";

/** Platform facilities a few products need beyond their documents (CloudAudit reads the trail, exports link back). */
export interface Platform {
  readonly audit: AuditTrail;
  /** Bytes too large for documents (COS object data), shared by every replica; keys start with the product's name. */
  readonly blobs: BlobStore;
  /** The data directory, or null when running in memory. */
  readonly dataDir: string | null;
}

/** Who made the call, after authentication. */
export interface Caller {
  /** The root account that owns everything the call touches. */
  readonly uin: string;
  readonly appId: number;
  /** The sub-user, or null when the root account's own key signed the call. */
  readonly subUin: string | null;
  /** "root" or the sub-user's name (CloudAudit's Username). */
  readonly username: string;
  readonly secretId: string;
  readonly kind: "root" | "sub-user" | "temporary";
  readonly mfa: boolean;
  /** Policy layers that must all allow an operation (see platform/cam.ts evaluate); empty for a root key (everything allowed). */
  readonly policies: readonly Policy[];
  readonly mfaProtectedActions: readonly string[];
  /** A role session: the role (in `uin`'s account) and the session name (GetCallerIdentity, trust principals). */
  readonly role?: { readonly roleId: string; readonly roleName: string; readonly sessionName: string };
  /** A GetFederationToken session: its Name. */
  readonly federatedName?: string;
  /** The account that asked for a temporary credential (GetCallerIdentity's PrincipalId). */
  readonly principalUin?: string;
  /** The call's condition keys (qcs:ip, qcs:current_time, qcs:mfa, qcs:secure_transport…), set per call by the authorize stage. */
  readonly context?: ConditionContext;
}

export interface ContextEnv {
  readonly tx: Tx;
  readonly now: () => number;
  readonly requestId: string;
  readonly language: Language;
  readonly region: string;
  readonly action: string;
  readonly caller: Caller;
  /** Resource ids the call touched, for the audit trail. */
  readonly resources: Set<string>;
  /** `http://<Host the client used>`: for URLs the response hands back (export downloads). */
  readonly origin: string;
  readonly platform: Platform;
}

/**
 * What an action handler gets besides its request: the caller, the region, the emulator clock, and the
 * documents of its own account and region in the request's transaction. It never sees HTTP.
 */
export class ActionContext<S extends ProductName> {
  constructor(
    readonly service: S,
    private readonly env: ContextEnv,
  ) {}

  get action(): string {
    return this.env.action;
  }
  get region(): string {
    return this.env.region;
  }
  get requestId(): string {
    return this.env.requestId;
  }
  get language(): Language {
    return this.env.language;
  }
  get caller(): Caller {
    return this.env.caller;
  }
  get tx(): Tx {
    return this.env.tx;
  }
  get origin(): string {
    return this.env.origin;
  }
  get platform(): Platform {
    return this.env.platform;
  }

  /** Emulator time, epoch milliseconds. */
  now(): number {
    return this.env.now();
  }

  /** The documents of `kind` in the caller's account and this region (or another region of the same account). */
  docs<T>(kind: string, options: { region?: string } = {}): Collection<T> {
    return new Collection<T>(
      this.env.tx,
      { service: this.service, account: this.env.caller.uin, region: options.region ?? this.env.region },
      kind,
    );
  }

  /** Raise one of this product's documented codes. */
  fail(code: ErrorCode<S>, message?: Message): never {
    throw new ApiError(code, message);
  }

  /** Record resource ids the call touched (CloudAudit's Resources). */
  touch(...ids: (string | undefined | null)[]): void {
    for (const id of ids) if (id) this.env.resources.add(id);
  }

  async account(): Promise<Account> {
    const a = await accounts.get(this.env.tx, this.env.caller.uin);
    if (!a) throw new Error(`account ${this.env.caller.uin} vanished`);
    return a;
  }

  /** Charges a prepaid purchase to the account balance; false when the balance is short. */
  charge(amount: number): Promise<boolean> {
    return accounts.charge(this.env.tx, this.env.caller.uin, amount);
  }

  refund(amount: number): Promise<void> {
    return accounts.refund(this.env.tx, this.env.caller.uin, amount);
  }

  /** Work outside the store (files, notifications): runs once, only if the call's transaction commits. */
  afterCommit(effect: () => void): void {
    this.env.tx.afterCommit(effect);
  }

  /** The same call seen by another product (CBS binding a KMS key): same caller, region and transaction. */
  as<O extends ProductName>(service: O): ActionContext<O> {
    return new ActionContext(service, this.env);
  }

  /** The same call in another region of the same account. */
  inRegion(region: string): ActionContext<S> {
    return new ActionContext(this.service, { ...this.env, region });
  }
}

/** An id no document of the collection has yet. */
export async function uniqueId<T>(collection: Collection<T>, make: () => string): Promise<string> {
  for (;;) {
    const id = make();
    if (!(await collection.has(id))) return id;
  }
}
