/**
 * The regions KMS serves: the public Tencent Cloud API 3.0 regions (see docs/services/kms.md for the
 * sources) and the three financial regions, where KMS is a required compliance service.
 */
export const KMS_REGIONS = [
  "ap-guangzhou",
  "ap-shanghai",
  "ap-nanjing",
  "ap-beijing",
  "ap-chengdu",
  "ap-chongqing",
  "ap-hongkong",
  "ap-singapore",
  "ap-jakarta",
  "ap-bangkok",
  "ap-seoul",
  "ap-tokyo",
  "ap-mumbai",
  "na-siliconvalley",
  "na-ashburn",
  "na-toronto",
  "eu-frankfurt",
  "sa-saopaulo",
  "ap-shanghai-fsi",
  "ap-shenzhen-fsi",
  "ap-beijing-fsi",
] as const;
