import type { Policy } from "../cam";

/**
 * The preset (system) policies programs reference most. `AdministratorAccess` keeps its real id 1 and
 * `QcloudSMSFullAccess` its real id 219064 (both shown in CAM's API examples); the other ids are tclocal's own,
 * chosen in a range no custom policy takes (custom ids start at 100000000), and documented in
 * docs/services/cam.md. Documents follow the public descriptions: FullAccess = every action of the product,
 * ReadOnlyAccess = its Describe/List/Get/Query actions.
 */
export interface PresetPolicy {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  /** The CAM service type ListPolicies reports. */
  readonly serviceType: string;
  readonly document: Policy;
  readonly addTime: string;
}

const all = (actions: string[]): Policy => ({ version: "2.0", statement: [{ effect: "allow", action: actions, resource: ["*"] }] });
const readOnly = (service: string) => all([`${service}:Describe*`, `${service}:List*`, `${service}:Get*`, `${service}:Query*`]);

const PRODUCTS: [service: string, label: string, name: string, fullId: number, readId: number][] = [
  ["kms", "密钥管理系统（KMS）", "KMS", 10001001, 10001002],
  ["cbs", "云硬盘（CBS）", "CBS", 10001003, 10001004],
  ["cvm", "云服务器（CVM）", "CVM", 10001005, 10001006],
  ["mongodb", "云数据库 MongoDB", "MongoDB", 10001007, 10001008],
  ["cloudaudit", "操作审计（CloudAudit）", "CloudAudit", 10001009, 10001010],
  ["cos", "对象存储（COS）", "COS", 10001011, 10001012],
  ["cam", "访问管理（CAM）", "Cam", 10001013, 10001014],
  ["yunjing", "主机安全（HS）", "YunJing", 10001015, 10001016],
  ["sts", "安全凭证服务（STS）", "STS", 10001017, 10001018],
];

const ADDED = "2019-04-19 10:55:31";

export const PRESET_POLICIES: readonly PresetPolicy[] = [
  {
    id: 1,
    name: "AdministratorAccess",
    description: "该策略允许您管理账户内所有用户及其权限、财务相关的信息、云服务资产。",
    serviceType: "",
    document: all(["*"]),
    addTime: ADDED,
  },
  {
    id: 2,
    name: "ReadOnlyAccess",
    description: "该策略允许您只读访问账户内所有支持接口级鉴权或资源级鉴权的云服务资产。",
    serviceType: "",
    document: all(["*:Describe*", "*:List*", "*:Get*", "*:Query*"]),
    addTime: ADDED,
  },
  {
    id: 219064,
    name: "QcloudSMSFullAccess",
    description: "短信（SMS）全读写访问权限",
    serviceType: "sms",
    document: all(["sms:*"]),
    addTime: "2020-01-16 15:09:27",
  },
  ...PRODUCTS.flatMap(([service, label, name, fullId, readId]): PresetPolicy[] => [
    { id: fullId, name: `Qcloud${name}FullAccess`, description: `${label}全读写访问权限`, serviceType: service, document: all([`${service}:*`]), addTime: ADDED },
    { id: readId, name: `Qcloud${name}ReadOnlyAccess`, description: `${label}只读访问权限`, serviceType: service, document: readOnly(service), addTime: ADDED },
  ]),
];

const byId = new Map(PRESET_POLICIES.map((p) => [p.id, p]));
const byName = new Map(PRESET_POLICIES.map((p) => [p.name.toLowerCase(), p]));

export function presetPolicy(id: number): PresetPolicy | undefined {
  return byId.get(id);
}

export function presetPolicyNamed(name: string): PresetPolicy | undefined {
  return byName.get(name.toLowerCase());
}
