import { formatDateTime } from "../../platform/clock";
import { check } from "../../control/router";
import { K, rec } from "./records";
import { host, isWindows, num, oneOfStr, str, timeOf, type Seeder } from "./seed-input";
import { key, nextId } from "./store";

/** Seeded assets: what an agent inventories on its host (ports, processes, accounts, components). */

export const openPorts: Seeder = async (ctx, m, b) => {
  const at = timeOf(b, "CreateTime", ctx.now());
  const Id = await nextId(ctx, K.openPort);
  const Port = num(b, "Port", 22);
  check(Number.isInteger(Port) && Port >= 1 && Port <= 65535, "Port must be between 1 and 65535");
  const known: Record<number, string> = { 22: "sshd", 80: "nginx", 443: "nginx", 3306: "mysqld", 6379: "redis-server", 3389: "svchost.exe" };
  const doc = {
    Id,
    ...host(m),
    Port,
    ProcessName: str(b, "ProcessName", known[Port] ?? "java"),
    Pid: num(b, "Pid", 1000 + Math.floor(Math.random() * 30000)),
    CreateTime: formatDateTime(at),
    ModifyTime: formatDateTime(timeOf(b, "ModifyTime", at)),
    at,
  };
  await rec.openPorts(ctx).insert(key(Id), doc);
  return { Id, record: doc };
};

export const processes: Seeder = async (ctx, m, b) => {
  const at = timeOf(b, "CreateTime", ctx.now());
  const Id = await nextId(ctx, K.process);
  const ProcessName = str(b, "ProcessName", isWindows(m) ? "w3wp.exe" : "nginx");
  const doc = {
    Id,
    ...host(m),
    Pid: num(b, "Pid", 1000 + Math.floor(Math.random() * 30000)),
    Ppid: num(b, "Ppid", 1),
    ProcessName,
    Username: str(b, "Username", isWindows(m) ? "SYSTEM" : "root"),
    Platform: oneOfStr(b, "Platform", ["WIN32", "WIN64", "LINUX32", "LINUX64"], isWindows(m) ? "WIN64" : "LINUX64"),
    FullPath: str(b, "FullPath", isWindows(m) ? `C:\\Windows\\System32\\${ProcessName}` : `/usr/sbin/${ProcessName}`),
    CreateTime: formatDateTime(at),
    at,
  };
  await rec.processes(ctx).insert(key(Id), doc);
  return { Id, record: doc };
};

export const accounts: Seeder = async (ctx, m, b) => {
  const at = timeOf(b, "AccountCreateTime", ctx.now());
  const Id = await nextId(ctx, K.account);
  const Username = str(b, "Username", "root");
  const doc = {
    Id,
    ...host(m),
    Username,
    Groups: str(b, "Groups", Username === "root" ? "root" : "users"),
    Privilege: oneOfStr(b, "Privilege", ["ORDINARY", "SUPPER"], Username === "root" || Username === "Administrator" ? "SUPPER" : "ORDINARY"),
    AccountCreateTime: formatDateTime(at),
    LastLoginTime: formatDateTime(timeOf(b, "LastLoginTime", at)),
    at,
  };
  await rec.accounts(ctx).insert(key(Id), doc);
  return { Id, record: doc };
};

export const historyAccounts: Seeder = async (ctx, m, b) => {
  const at = timeOf(b, "ModifyTime", ctx.now());
  const Id = await nextId(ctx, K.historyAccount);
  const doc = {
    Id,
    ...host(m),
    Username: str(b, "Username", "test"),
    ModifyType: oneOfStr(b, "ModifyType", ["CREATE", "MODIFY", "DELETE"], "CREATE"),
    ModifyTime: formatDateTime(at),
    at,
  };
  await rec.historyAccounts(ctx).insert(key(Id), doc);
  return { Id, record: doc };
};

export const components: Seeder = async (ctx, m, b) => {
  const at = timeOf(b, "ModifyTime", ctx.now());
  const ComponentName = str(b, "ComponentName", "Nginx");
  const ComponentType = oneOfStr(b, "ComponentType", ["WEB", "SYSTEM"], "WEB");
  const infos = rec.componentInfos(ctx);
  let info = (await infos.all()).find((c) => c.ComponentName === ComponentName && c.ComponentType === ComponentType);
  if (!info) {
    const cid = await nextId(ctx, K.componentInfo, 100001);
    info = {
      Id: cid,
      ComponentName,
      ComponentType,
      Homepage: str(b, "Homepage", `https://www.${ComponentName.toLowerCase().replace(/[^a-z0-9]+/g, "")}.org`),
      Description: str(b, "Description", `${ComponentName} ${ComponentType === "WEB" ? "Web 组件" : "系统组件"}`),
    };
    await infos.insert(key(cid), info);
  }
  const Id = await nextId(ctx, K.component);
  const doc = {
    Id,
    ...host(m),
    ComponentVersion: str(b, "ComponentVersion", "1.16.1"),
    ComponentType,
    ComponentName,
    ModifyTime: formatDateTime(at),
    ComponentId: info.Id,
    at,
  };
  await rec.components(ctx).insert(key(Id), doc);
  return { Id, record: doc };
};

