import { accounts } from "../../platform/accounts";
import { owner, page, type CamHandlers } from "./common";
import { RECEIVER_LIMIT, receivers } from "./receiver-model";

/** Message receivers: people who get CAM notifications without being sub-users. */
export const receiverHandlers: CamHandlers = {
  async CreateMessageReceiver(ctx, req) {
    if (!/^[\w+=,.@\-\u4e00-\u9fa5]{1,64}$/.test(req.Name)) ctx.fail("InvalidParameter", "Name must be 1-64 characters.");
    if (!/^\d{1,4}$/.test(req.CountryCode) || !/^\d{5,15}$/.test(req.PhoneNumber)) ctx.fail("InvalidParameter", "CountryCode and PhoneNumber must be digits.");
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(req.Email)) ctx.fail("InvalidParameter", "Email is not an e-mail address.");
    if ((await receivers.get(ctx, req.Name)) || (await accounts.findUser(ctx.tx, owner(ctx), req.Name))) {
      ctx.fail("InvalidParameter.SubUserNameInUse", `The name ${req.Name} is in use.`);
    }
    if ((await receivers.list(ctx)).length >= RECEIVER_LIMIT) ctx.fail("InvalidParameter.ReceiverOverLimit", `An account has at most ${RECEIVER_LIMIT} message receivers.`);
    const r = await receivers.create(ctx, { name: req.Name, remark: req.Remark ?? "", countryCode: req.CountryCode, phoneNumber: req.PhoneNumber, email: req.Email });
    ctx.touch(r.name);
    return {};
  },

  async ListReceiver(ctx, req) {
    const all = await receivers.list(ctx);
    const offset = req.Offset ?? 0;
    const limit = req.Limit ?? 20;
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1 || limit > 200) ctx.fail("InvalidParameter.ParamError", "Offset must be 0 or more and Limit 1-200.");
    const slice = page(ctx, all.slice(offset), 1, limit, 200);
    return {
      TotalCount: all.length,
      Receivers: slice.map((r) => ({
        Uid: r.uid,
        Name: r.name,
        Remark: r.remark,
        PhoneNumber: `+${r.countryCode} ${r.phoneNumber}`,
        PhoneFlag: 0,
        Email: r.email,
        EmailFlag: 0,
        IsReceiverOwner: 0,
        WechatFlag: 0,
        Uin: 0,
        CountryCode: r.countryCode,
      })),
    };
  },

  async DeleteMessageReceiver(ctx, req) {
    if (!(await receivers.delete(ctx, req.Name))) ctx.fail("ResourceNotFound.UserNotExists", `The message receiver ${req.Name} does not exist.`);
    ctx.touch(req.Name);
    return {};
  },
};
