/**
 * The Chinese names CloudAudit shows next to events (ResourceTypeCn, EventNameCn): each product's own name and
 * the names its API reference gives the most used actions. An action not listed shows its API name.
 */
const PRODUCT_CN: Readonly<Record<string, string>> = {
  kms: "密钥管理系统",
  cbs: "云硬盘",
  cos: "对象存储",
  cvm: "云服务器",
  mongodb: "云数据库 MongoDB",
  yunjing: "主机安全",
  cloudaudit: "操作审计",
};

const EVENT_CN: Readonly<Record<string, string>> = {
  // cloudaudit
  CreateAudit: "创建跟踪集",
  UpdateAudit: "更新跟踪集",
  DeleteAudit: "删除跟踪集",
  DescribeAudit: "查询跟踪集详情",
  ListAudits: "查询跟踪集概要",
  StartLogging: "开启跟踪集",
  StopLogging: "关闭跟踪集",
  InquireAuditCredit: "查询用户可创建跟踪集的数量",
  CreateAuditTrack: "创建指定事件跟踪集",
  CreateEventsAuditTrack: "创建全部事件跟踪集",
  ModifyAuditTrack: "修改操作审计跟踪集",
  ModifyEventsAuditTrack: "修改操作审计跟踪集（多事件）",
  DeleteAuditTrack: "删除操作审计跟踪集",
  DescribeAuditTrack: "查询操作审计跟踪集详情",
  DescribeAuditTracks: "查询操作审计跟踪集列表",
  DescribeEvents: "查询操作审计日志",
  LookUpEvents: "检索日志",
  GetAttributeKey: "查询AttributeKey的有效取值范围",
  ListCmqEnableRegion: "查询操作审计支持的cmq的可用区",
  ListCosEnableRegion: "查询操作审计支持的cos可用区",
  ListKeyAliasByRegion: "根据地域获取KMS密钥别名",
  // kms
  CreateKey: "创建主密钥",
  DescribeKey: "获取主密钥属性",
  DescribeKeys: "获取多个主密钥属性",
  ListKeys: "获取主密钥列表",
  ListKeyDetail: "获取主密钥列表详情",
  Encrypt: "加密",
  Decrypt: "解密",
  ReEncrypt: "密文刷新",
  GenerateDataKey: "生成数据密钥",
  EnableKey: "启用主密钥",
  DisableKey: "禁用主密钥",
  ScheduleKeyDeletion: "CMK计划删除接口",
  CancelKeyDeletion: "取消CMK计划删除操作",
  UpdateAlias: "修改别名",
  EnableKeyRotation: "开启密钥轮换",
  DisableKeyRotation: "禁止密钥轮换",
  GetKeyRotationStatus: "查询密钥轮换状态",
  GetServiceStatus: "查询服务状态",
  GenerateRandom: "随机数生成接口",
  // cbs
  CreateDisks: "创建云硬盘",
  DescribeDisks: "查询云硬盘列表",
  AttachDisks: "挂载云硬盘",
  DetachDisks: "卸载云硬盘",
  TerminateDisks: "退还云硬盘",
  ResizeDisk: "扩容云硬盘",
  ModifyDiskAttributes: "修改云硬盘属性",
  CreateSnapshot: "创建快照",
  DescribeSnapshots: "查询快照列表",
  DeleteSnapshots: "删除快照",
  ApplySnapshot: "回滚快照",
  CreateAutoSnapshotPolicy: "创建定期快照策略",
  InquiryPriceCreateDisks: "创建云硬盘询价",
  // cvm
  RunInstances: "创建实例",
  DescribeInstances: "查看实例列表",
  StartInstances: "启动实例",
  StopInstances: "关闭实例",
  RebootInstances: "重启实例",
  TerminateInstances: "退还实例",
  DescribeRegions: "查询地域列表",
  DescribeZones: "查询可用区列表",
  // yunjing
  DescribeMachines: "获取区域主机列表",
  DescribeMachineInfo: "获取机器详情",
  OpenProVersion: "开通专业版",
  CloseProVersion: "关闭专业版",
};

export function productNameCn(service: string): string {
  return PRODUCT_CN[service] ?? service;
}

export function eventNameCn(action: string): string {
  return EVENT_CN[action] ?? action;
}
