import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_models";
import type { ProductName } from "../../errors/catalog";
import { randomChars } from "../../platform/ids";
import type { ActionContext } from "../../platform/service";
import { dateTime, newId, tagSet, type Tag } from "./common";
import { addresses } from "./address-model";
import { changeHolder, releaseIp, type IpHolder } from "./network-model";

export interface EniIp {
  ip: string;
  primary: boolean;
  description: string;
  QosLevel: string;
}

/**
 * A network interface, stored with the instance it is attached to as parent (null when detached). Every CVM
 * instance has a primary one (Primary, DeviceIndex 0) carrying its private address and security groups.
 */
export interface EniDoc {
  NetworkInterfaceId: string;
  NetworkInterfaceName: string;
  NetworkInterfaceDescription: string;
  SubnetId: string;
  VpcId: string;
  Zone: string;
  GroupSet: string[];
  Primary: boolean;
  MacAddress: string;
  ips: EniIp[];
  attachment: { InstanceId: string; DeviceIndex: number; AttachTime: number } | null;
  QosLevel: string;
  createdAt: number;
  Tags: Tag[];
}

export const enis = (ctx: ActionContext<ProductName>) => ctx.as("vpc").docs<EniDoc>("eni");

/** Detached network interfaces per VPC, and addresses per interface (DescribeVpcLimits vpc-max-enis, eni-max-private-ips). */
export const ENIS_PER_VPC = 50;
export const IPS_PER_DETACHED_ENI = 20;

/** Tencent Cloud MAC addresses start 20:90:6F. */
export function newMac(): string {
  const hex = randomChars(6, "0123456789ABCDEF");
  return `20:90:6F:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`;
}

export async function newEniId(ctx: ActionContext<ProductName>): Promise<string> {
  return newId(enis(ctx), "eni");
}

export function holderOf(eni: EniDoc): IpHolder {
  return eni.Primary && eni.attachment
    ? { type: "CVM", id: eni.attachment.InstanceId, service: "cvm", eniId: eni.NetworkInterfaceId }
    : { type: "ENI", id: eni.NetworkInterfaceId, service: "vpc", eniId: eni.NetworkInterfaceId };
}

export async function saveEni(ctx: ActionContext<ProductName>, eni: EniDoc): Promise<EniDoc> {
  const col = enis(ctx);
  const parent = eni.attachment?.InstanceId ?? null;
  if (await col.has(eni.NetworkInterfaceId)) await col.update(eni.NetworkInterfaceId, eni, parent);
  else await col.insert(eni.NetworkInterfaceId, eni, parent);
  for (const ip of eni.ips) await changeHolder(ctx, eni.VpcId, ip.ip, holderOf(eni));
  return eni;
}

/** Removes an interface: its addresses go back to the subnet, EIPs bound to it become unbound. */
export async function deleteEni(ctx: ActionContext<ProductName>, eni: EniDoc): Promise<void> {
  for (const ip of eni.ips) await releaseIp(ctx, eni.VpcId, ip.ip);
  const col = addresses(ctx);
  for (const a of await col.all(eni.NetworkInterfaceId)) {
    if (a.AddressType === "WanIP" || a.CascadeRelease) await col.delete(a.AddressId);
    else await col.update(a.AddressId, { ...a, InstanceId: null, NetworkInterfaceId: null, PrivateAddressIp: null }, null);
  }
  await enis(ctx).delete(eni.NetworkInterfaceId);
}

export async function presentEni(ctx: ActionContext<ProductName>, eni: EniDoc): Promise<m.NetworkInterface> {
  const bound = await addresses(ctx).all(eni.NetworkInterfaceId);
  return {
    NetworkInterfaceId: eni.NetworkInterfaceId,
    NetworkInterfaceName: eni.NetworkInterfaceName,
    NetworkInterfaceDescription: eni.NetworkInterfaceDescription,
    SubnetId: eni.SubnetId,
    VpcId: eni.VpcId,
    GroupSet: [...eni.GroupSet],
    Primary: eni.Primary,
    MacAddress: eni.MacAddress,
    State: "AVAILABLE",
    NetworkInterfaceState: "AVAILABLE",
    PrivateIpAddressSet: eni.ips.map((ip) => {
      const a = bound.find((x) => x.PrivateAddressIp === ip.ip);
      return {
        PrivateIpAddress: ip.ip,
        Primary: ip.primary,
        PublicIpAddress: a?.AddressIp ?? "",
        AddressId: a?.AddressType === "WanIP" ? "" : a?.AddressId ?? "",
        Description: ip.description,
        IsWanIpBlocked: false,
        State: "AVAILABLE",
        QosLevel: ip.QosLevel,
      };
    }),
    Attachment: eni.attachment
      ? { DeviceIndex: eni.attachment.DeviceIndex, InstanceAccountId: ctx.caller.uin, AttachTime: dateTime(eni.attachment.AttachTime), InstanceId: eni.attachment.InstanceId }
      : (null as never),
    Zone: eni.Zone,
    CreatedTime: dateTime(eni.createdAt),
    Ipv6AddressSet: [],
    TagSet: tagSet(eni.Tags),
    EniType: 0,
    Business: eni.Primary ? "cvm" : "",
    CdcId: "",
    AttachType: 0,
    ResourceId: "",
    QosLevel: eni.QosLevel,
  };
}
