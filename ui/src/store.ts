import { useEffect, useState } from "preact/hooks";

/** What every page shares: the account and region switchers, and the admin token (kept in session storage). */
export interface Shared {
  uin: string;
  region: string;
  token: string;
  /** A control call answered 401: the token prompt is shown. */
  needToken: boolean;
  /** Bumped when the token is accepted: every page reads again. */
  version: number;
  /** Bumped when an account is created: the switcher reads the list again. */
  accounts: number;
}

const TOKEN_KEY = "tclocal.adminToken";

let state: Shared = {
  uin: "100000000001",
  region: "ap-guangzhou",
  token: sessionStorage.getItem(TOKEN_KEY) ?? "",
  needToken: false,
  version: 0,
  accounts: 0,
};
const listeners = new Set<() => void>();

export function shared(): Shared {
  return state;
}

export function update(change: Partial<Shared>): void {
  state = { ...state, ...change };
  if (change.token !== undefined) sessionStorage.setItem(TOKEN_KEY, change.token);
  for (const l of listeners) l();
}

export function bump(): void {
  update({ version: state.version + 1 });
}

/** The shared state, re-rendering the component when it changes. */
export function useShared(): Shared {
  const [, setTick] = useState(0);
  useEffect(() => {
    const l = () => setTick((n) => n + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return state;
}
