import "server-only";
import type { StoreToolArgs } from "./args";
import { loadUser, saveUser } from "./records";
import type { StoreCtx, StoreUser } from "./types";

/** Changes a customer's default address (existing orders keep theirs). */
export function modifyUserAddress(ctx: StoreCtx, args: StoreToolArgs<"modify_user_address">): Promise<StoreUser> {
  return ctx.db.transaction(async (tx) => {
    const user = await loadUser(tx, ctx.storeId, args.user_id, { lock: true });
    const { address1, address2, city, state, country, zip } = args;
    user.address = { address1, address2, city, state, country, zip };
    await saveUser(tx, ctx.storeId, user);
    return user;
  });
}
