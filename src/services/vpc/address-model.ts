import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_models";
import type { ProductName } from "../../errors/catalog";
import type { ActionContext } from "../../platform/service";
import { newId, nil, tagSet, utc, type Tag } from "./common";
import type { EniDoc } from "./eni-model";

/**
 * A public address: an EIP (AllocateAddresses) or an instance's normal public IP (AddressType WanIP, made by
 * RunInstances with bandwidth). Stored with the network interface it is bound to as parent (null when unbound);
 * InstanceId is set when that interface belongs to an instance.
 */
export interface AddressDoc {
  AddressId: string;
  AddressName: string;
  AddressIp: string;
  AddressType: string;
  InstanceId: string | null;
  NetworkInterfaceId: string | null;
  PrivateAddressIp: string | null;
  InternetChargeType: string;
  Bandwidth: number;
  InternetServiceProvider: string;
  CascadeRelease: boolean;
  /** Prepaid monthly bandwidth: the deadline (emulator ms), renewal flag, what was paid. */
  deadline: number | null;
  RenewFlag: string;
  paid: number;
  Egress: string;
  AntiDDoSPackageId: string;
  createdAt: number;
  Tags: Tag[];
}

export const addresses = (ctx: ActionContext<ProductName>) => ctx.as("vpc").docs<AddressDoc>("address");

/** EIPs per account and region (DescribeAddressQuota TOTAL_EIP_QUOTA) and allocations per day (DAILY_EIP_APPLY). */
export const EIP_QUOTA = 20;
export const DAILY_EIP_APPLY = 40;
/** Normal public IPs an account may swap per day (DAILY_PUBLIC_IP_ASSIGN). */
export const DAILY_PUBLIC_IP_ASSIGN = 10;

/** Public addresses from the documentation ranges (RFC 5737), so they never point at a real host. */
const PUBLIC_BLOCKS = ["203.0.113", "198.51.100", "192.0.2"];

/** The next public address of the account in the region (a counter: addresses are not reused). */
export async function nextPublicIp(ctx: ActionContext<ProductName>): Promise<string> {
  const counter = ctx.as("vpc").docs<{ n: number }>("public-ip-counter");
  const n = (await counter.get("n"))?.n ?? 0;
  await counter.put("n", { n: n + 1 });
  const block = PUBLIC_BLOCKS[Math.floor(n / 254) % PUBLIC_BLOCKS.length];
  return `${block}.${(n % 254) + 1}`;
}

export function addressStatus(a: AddressDoc): string {
  if (a.InstanceId) return "BIND";
  if (a.NetworkInterfaceId) return "BIND_ENI";
  return "UNBIND";
}

export function isElastic(a: AddressDoc): boolean {
  return a.AddressType !== "WanIP";
}

export function presentAddress(a: AddressDoc): m.Address {
  return {
    AddressId: a.AddressId,
    AddressName: a.AddressName,
    AddressStatus: addressStatus(a),
    AddressIp: a.AddressIp,
    InstanceId: a.InstanceId ?? "",
    CreatedTime: utc(a.createdAt),
    NetworkInterfaceId: a.NetworkInterfaceId ?? "",
    PrivateAddressIp: a.PrivateAddressIp ?? "",
    IsArrears: false,
    IsBlocked: false,
    IsEipDirectConnection: false,
    AddressType: a.AddressType,
    CascadeRelease: a.CascadeRelease,
    EipAlgType: { Ftp: false, Sip: false },
    InternetServiceProvider: a.InternetServiceProvider,
    LocalBgp: false,
    Bandwidth: a.Bandwidth,
    InternetChargeType: a.InternetChargeType,
    TagSet: tagSet(a.Tags),
    DeadlineDate: a.deadline !== null ? utc(a.deadline) : nil,
    InstanceType: a.InstanceId ? "CVM" : a.NetworkInterfaceId ? "ENI" : nil,
    Egress: a.Egress,
    AntiDDoSPackageId: a.AntiDDoSPackageId,
    RenewFlag: a.deadline !== null ? a.RenewFlag : "",
    BandwidthPackageId: nil,
    UnVpcId: "",
    DedicatedClusterId: "",
  };
}

/** A normal public IP on the primary address of an interface (RunInstances with bandwidth, DisassociateAddress …Reallocate). */
export async function addWanIp(ctx: ActionContext<ProductName>, eni: EniDoc, bandwidth: number, chargeType: string): Promise<AddressDoc> {
  const id = await newId(addresses(ctx), "eip");
  return addresses(ctx).insert(
    id,
    {
      AddressId: id, AddressName: "", AddressIp: await nextPublicIp(ctx), AddressType: "WanIP", InstanceId: eni.attachment?.InstanceId ?? null,
      NetworkInterfaceId: eni.NetworkInterfaceId, PrivateAddressIp: eni.ips.find((x) => x.primary)!.ip, InternetChargeType: chargeType, Bandwidth: bandwidth,
      InternetServiceProvider: "BGP", CascadeRelease: true, deadline: null, RenewFlag: "NOTIFY_AND_MANUAL_RENEW", paid: 0, Egress: "center_egress1",
      AntiDDoSPackageId: "", createdAt: ctx.now(), Tags: [],
    },
    eni.NetworkInterfaceId,
  );
}

