import { resourceKind, type ResourceKind, type ResourceColumn } from "../../platform/resource-kind";
import type { Collection } from "../../platform/collection";
import { attackLogView } from "./attack-logs";
import { bashEventView } from "./bash";
import { privilegeView, reverseShellView } from "./escalations";
import { bruteView, nonlocalView } from "./logins";
import { isListed, machines, type MachineDoc } from "./machine-model";
import { machineHandlers, machineRow } from "./machines";
import { maliciousRequestView } from "./malicious-requests";
import { malwareView } from "./malware";
import { rec } from "./records";
import type { Ctx } from "./store";
import { vulHandlers } from "./vuls";

/** A detection kind: documents keyed by their numeric Id, answered by the product's row view. */
function detections<T extends { Id: number }>(
  kind: string,
  title: string,
  describedBy: string,
  columns: string[],
  collection: (ctx: Ctx) => Collection<T>,
  view: (ctx: Ctx) => (doc: T) => object,
): ResourceKind {
  return resourceKind<"yunjing", T>({
    kind,
    title,
    describedBy,
    columns: columns.map((field): ResourceColumn => ({ field })),
    collection,
    id: (d) => String(d.Id),
    presenter: view,
  });
}

/**
 * Host Security in the console and `GET /_tclocal/resources/yunjing/…`. Its data is not partitioned by region
 * (the Region parameter is optional on every action); machines and agents carry the region DescribeMachines filters on.
 */
export const yunjingResources: readonly ResourceKind[] = [
  resourceKind<"yunjing", MachineDoc>({
    kind: "machines",
    title: "Machines",
    describedBy: "DescribeMachines Machines",
    columns: ["Quuid", "MachineName", "MachineIp", "MachineOs", "MachineStatus", "SecurityStatus", "IsProVersion", "VulNum", "MalwareNum"].map((field) => ({ field })),
    collection: machines,
    visible: (ctx, m) => isListed(m) && m.region === ctx.region,
    id: (m) => m.uuid,
    presenter: machineRow,
  }),
  resourceKind<"yunjing", MachineDoc>({
    kind: "agents",
    title: "Agents",
    describedBy: "DescribeMachineInfo",
    columns: ["Uuid", "MachineName", "MachineStatus", "InstanceId", "ProtectDays", "IsProVersion", "ProVersionOpenDate"].map((field) => ({ field })),
    collection: machines,
    // Uninstalled agents included (DescribeMachineInfo still answers them); hosts whose instance is gone are not.
    visible: (ctx, m) => !m.gone && m.region === ctx.region,
    id: (m) => m.uuid,
    presenter: (ctx) => (m) => machineHandlers.DescribeMachineInfo!(ctx, { Uuid: m.uuid }),
  }),
  detections("malwares", "Malware", "DescribeMalwares Malwares", ["Id", "MachineName", "MachineIp", "FilePath", "Status", "FileCreateTime", "ModifyTime"], rec.malwares, (ctx) => (d) => malwareView(d, ctx.now())),
  detections("brute-attacks", "Brute-force attacks", "DescribeBruteAttacks BruteAttacks", ["Id", "MachineName", "SrcIp", "UserName", "Status", "Count", "CreateTime"], rec.bruteAttacks, () => bruteView),
  detections("nonlocal-logins", "Non-local logins", "DescribeNonlocalLoginPlaces NonLocalLoginPlaces", ["Id", "MachineName", "UserName", "SrcIp", "Country", "City", "Status", "LoginTime"], rec.nonlocalLogins, () => nonlocalView),
  detections("bash-events", "Bash events", "DescribeBashEvents List", ["Id", "MachineName", "Hostip", "User", "BashCmd", "RuleName", "Status", "CreateTime"], rec.bashEvents, () => bashEventView),
  detections("privilege-events", "Privilege escalations", "DescribePrivilegeEvents List", ["Id", "MachineName", "Hostip", "ProcessName", "FullPath", "Status", "CreateTime"], rec.privilegeEvents, () => privilegeView),
  detections("reverse-shells", "Reverse shells", "DescribeReverseShellEvents List", ["Id", "MachineName", "Hostip", "ProcessName", "DstIp", "DstPort", "Status", "CreateTime"], rec.reverseShells, () => reverseShellView),
  detections("malicious-requests", "Malicious requests", "DescribeMaliciousRequests MaliciousRequests", ["Id", "MachineName", "Domain", "Count", "ProcessName", "Status", "MergeTime"], rec.maliciousRequests, () => maliciousRequestView),
  detections("attack-logs", "Network attacks", "DescribeAttackLogs AttackLogs", ["Id", "MachineName", "SrcIp", "HttpMethod", "HttpCgi", "VulType", "CreatedAt"], rec.attackLogs, () => attackLogView),
  resourceKind<"yunjing", { VulId: number }>({
    kind: "vulnerabilities",
    title: "Vulnerabilities",
    describedBy: "DescribeVulInfo",
    columns: ["VulId", "VulName", "VulLevel", "VulType", "CveId"].map((field) => ({ field })),
    collection: rec.vuls,
    id: (v) => String(v.VulId),
    presenter: (ctx) => (v) => vulHandlers.DescribeVulInfo!(ctx, { VulId: v.VulId }),
  }),
];
