import type { TestServer } from "../helpers/tclocal";

export interface RegisteredMachine {
  uuid: string;
  quuid: string;
  instanceId: string;
  name: string;
  ip: string;
  wanIp: string;
  region: string;
  machineType: string;
  status: string;
  isProVersion: boolean;
}

/** Registers a host whose agent is not a CVM instance. */
export function registerMachine(server: TestServer, body: Record<string, unknown> = {}, uin?: string): Promise<RegisteredMachine> {
  return server.control("POST", `/yunjing/machines${uin ? `?uin=${uin}` : ""}`, body);
}

export function setOnline(server: TestServer, uuid: string, online: boolean): Promise<RegisteredMachine> {
  return server.control("PATCH", `/yunjing/machines/${uuid}`, { online });
}

/** Seeds one detection of `kind` on a machine; answers {Id, record}. */
export function seed(server: TestServer, uuid: string, kind: string, body: Record<string, unknown> = {}, uin?: string): Promise<{ Id: number; record: any; suppressedByRule?: number }> {
  return server.control("POST", `/yunjing/machines/${uuid}/${kind}${uin ? `?uin=${uin}` : ""}`, body);
}

export async function advance(server: TestServer, seconds: number): Promise<void> {
  await server.control("POST", "/clock", { advanceSeconds: seconds });
}
