import type { TestServer } from "../helpers/tclocal";
import { sdk, type ClientOptions } from "../helpers/sdk";

/** A pay-as-you-go replica set request in Guangzhou zone 3 (the API reference's example, on today's catalogue). */
export const HOURLY = {
  Memory: 4,
  Volume: 250,
  ReplicateSetNum: 1,
  SecondaryNum: 2,
  EngineVersion: "MONGO_40_WT",
  Machine: "HIO10G",
  GoodsNum: 1,
  Zone: "ap-guangzhou-3",
  InstanceRole: "MASTER",
  InstanceType: "REPLSET",
};

/** A one-month prepaid replica set (4 GB, 250 GB, 3 nodes): 1200.00 CNY with the emulator's price model. */
export const PREPAID = {
  SecondaryNum: 2,
  Memory: 4,
  Volume: 250,
  MongoVersion: "MONGO_42_WT",
  MachineCode: "HIO10G",
  GoodsNum: 1,
  Zone: "ap-guangzhou-3",
  TimeSpan: 1,
  Password: "pwd123456",
};
export const PREPAID_MONTHLY = 1200;

export function mongo(server: TestServer, o: ClientOptions = {}) {
  return sdk("mongodb", server, o);
}

/** Creates instances and advances the clock past their creation task. */
export async function running(server: TestServer, over: Partial<typeof HOURLY> = {}, o: ClientOptions = {}): Promise<string> {
  const r = await mongo(server, o).CreateDBInstanceHour({ ...HOURLY, ...over });
  await server.control("POST", "/clock", { advanceSeconds: 901 });
  return r.InstanceIds![0];
}

export async function prepaidRunning(server: TestServer, over: Partial<typeof PREPAID> = {}, o: ClientOptions = {}): Promise<string> {
  const r = await mongo(server, o).CreateDBInstance({ ...PREPAID, ...over });
  await server.control("POST", "/clock", { advanceSeconds: 601 });
  return r.InstanceIds![0];
}

export async function detailOf(server: TestServer, id: string, o: ClientOptions = {}) {
  const r = await mongo(server, o).DescribeDBInstances({ InstanceIds: [id] });
  return r.InstanceDetails?.[0];
}

export const advance = (server: TestServer, seconds: number) => server.control("POST", "/clock", { advanceSeconds: seconds });
