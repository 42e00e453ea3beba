import { resourceKind, type ResourceKind } from "../../platform/resource-kind";
import { presentInstance } from "./describe";
import { instances, instanceState } from "./instance-model";

/** CVM in the console and `GET /_tclocal/resources/cvm/…`: the instances DescribeInstances lists (not the terminated). */
export const cvmResources: readonly ResourceKind[] = [
  resourceKind({
    kind: "instances",
    title: "Instances",
    describedBy: "DescribeInstances InstanceSet",
    columns: [
      { field: "InstanceId" },
      { field: "InstanceName" },
      { field: "InstanceState" },
      { field: "InstanceType" },
      { field: "CPU" },
      { field: "Memory" },
      { field: "Placement.Zone" },
      { field: "PrivateIpAddresses" },
      { field: "CreatedTime" },
    ],
    collection: (ctx) => instances(ctx),
    visible: (ctx, i) => instanceState(i, ctx.now()) !== "TERMINATED",
    id: (i) => i.InstanceId,
    presenter: (ctx) => (i) => presentInstance(ctx.as("cvm"), i),
  }),
];
