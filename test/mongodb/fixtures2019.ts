import { sdk, type ClientOptions } from "../helpers/sdk";
import type { TestServer } from "../helpers/tclocal";
import { subnetIn } from "./networks";

/** MongoDB 2019-07-25 through its official SDK client. */
export function mongo2019(server: TestServer, o: ClientOptions = {}) {
  return sdk("mongodb2019", server, o);
}

/**
 * A pay-as-you-go 3-node replica set on a general (GE.LD.T1) machine: 2 cores, 4 GB, 100 GB. Its network is the
 * account's test VPC and subnet: see `hourlyRequest2019`.
 */
export const HOURLY_2019 = {
  Memory: 4,
  Volume: 100,
  ReplicateSetNum: 1,
  NodeNum: 3,
  MongoVersion: "MONGO_44_WT",
  MachineCode: "GE.LD.T1",
  CpuCore: 2,
  GoodsNum: 1,
  ClusterType: "REPLSET",
  Zone: "ap-guangzhou-3",
  Password: "Passw0rd_2024",
};

/** HOURLY_2019 in the account's real test VPC, in the subnet of its zone (made through VPC on first use). */
export async function hourlyRequest2019(server: TestServer, o: ClientOptions = {}) {
  const { VpcId, SubnetId } = await subnetIn(server, HOURLY_2019.Zone, o);
  return { ...HOURLY_2019, VpcId, SubnetId };
}

/** A one-month prepaid replica set (HIO10G 4 GB, 250 GB, 3 nodes): 1200.00 CNY a month, as 2018-04-08's. */
export const PREPAID_2019 = {
  NodeNum: 3,
  Memory: 4,
  Volume: 250,
  MongoVersion: "MONGO_42_WT",
  MachineCode: "HIO10G",
  GoodsNum: 1,
  Zone: "ap-guangzhou-3",
  Period: 1,
  ClusterType: "REPLSET",
  ReplicateSetNum: 1,
  Password: "pwd123456",
};

export const advance = (server: TestServer, seconds: number) => server.control("POST", "/clock", { advanceSeconds: seconds });

export async function hourly2019(server: TestServer, over: Partial<Awaited<ReturnType<typeof hourlyRequest2019>>> & Record<string, unknown> = {}, o: ClientOptions = {}): Promise<string> {
  const r = await mongo2019(server, o).CreateDBInstanceHour({ ...(await hourlyRequest2019(server, o)), ...over });
  await advance(server, 901);
  return r.InstanceIds![0];
}

export async function prepaid2019(server: TestServer, over: Partial<typeof PREPAID_2019> & Record<string, unknown> = {}, o: ClientOptions = {}): Promise<string> {
  const r = await mongo2019(server, o).CreateDBInstance({ ...PREPAID_2019, ...over });
  await advance(server, 901);
  return r.InstanceIds![0];
}

export async function detail2019(server: TestServer, id: string) {
  return (await mongo2019(server).DescribeDBInstances({ InstanceIds: [id] })).InstanceDetails?.[0];
}

export async function balance(server: TestServer): Promise<number> {
  const accounts = (await server.control("GET", "/accounts")).accounts as { uin: string; balance: number }[];
  return accounts.find((a) => a.uin === "100000000001")!.balance;
}
