import { randomChars } from "../../platform/ids";
import { camDocs, type Ctx } from "./common";

/** A message receiver: someone who gets CAM's notifications without being a sub-user. */
export interface Receiver {
  uid: number;
  name: string;
  remark: string;
  countryCode: string;
  phoneNumber: string;
  email: string;
  createdAt: number;
}

/** Receivers per account (CAM's "消息接收人" quota). */
export const RECEIVER_LIMIT = 50;

export const receivers = {
  list(ctx: Ctx): Promise<Receiver[]> {
    return camDocs<Receiver>(ctx, "receiver").all();
  },
  get(ctx: Ctx, name: string): Promise<Receiver | undefined> {
    return camDocs<Receiver>(ctx, "receiver").get(name.toLowerCase());
  },
  async create(ctx: Ctx, input: Omit<Receiver, "uid" | "createdAt">): Promise<Receiver> {
    const receiver: Receiver = { ...input, uid: Number("9" + randomChars(7, "0123456789")), createdAt: ctx.now() };
    return camDocs<Receiver>(ctx, "receiver").insert(input.name.toLowerCase(), receiver);
  },
  delete(ctx: Ctx, name: string): Promise<boolean> {
    return camDocs<Receiver>(ctx, "receiver").delete(name.toLowerCase());
  },
};
