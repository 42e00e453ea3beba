import { useEffect, useState } from "preact/hooks";
import { control } from "../api";
import { Card, ErrorNote, Json, ShownOnce } from "../components";
import { dateTime } from "../format";
import { useLoad } from "../hooks";
import { shared, update, useShared } from "../store";
import type { Access, Account } from "../types";

type Secret = Record<string, string | number>;

/** Runs a control write, showing its error; resolves its answer or undefined. */
function useAction() {
  const [error, setError] = useState<string | null>(null);
  const run = async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      const r = await fn();
      setError(null);
      return r;
    } catch (e) {
      setError(String((e as Error).message));
      return undefined;
    }
  };
  return { error, run };
}

export function AccountsPage() {
  const s = useShared();
  const accounts = useLoad(() => control<{ accounts: Account[] }>("GET", "/accounts"), []);
  const access = useLoad(() => control<Access>("GET", `/accounts/${s.uin}/access`), [s.uin]);
  const [secret, setSecret] = useState<Secret | null>(null);
  const [balance, setBalance] = useState("0");
  const act = useAction();
  const created = (v: Secret | undefined) => {
    if (v) setSecret(v);
    accounts.reload();
    access.reload();
  };
  return (
    <div class="accounts">
      {secret && <ShownOnce values={secret} onClose={() => setSecret(null)} />}
      <ErrorNote error={accounts.error ?? act.error} />
      <Card title="Root accounts" id="account-list">
        <table class="grid">
          <thead>
            <tr>
              <th>Uin</th>
              <th>AppId</th>
              <th class="num">Balance (CNY)</th>
              <th>Created (UTC)</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(accounts.data?.accounts ?? []).map((a) => (
              <tr key={a.uin} data-uin={a.uin} class={a.uin === s.uin ? "selected" : ""}>
                <td>{a.uin}</td>
                <td>{a.appId}</td>
                <td class="num">
                  <BalanceEditor account={a} onSaved={accounts.reload} />
                </td>
                <td>{dateTime(a.createdAt)}</td>
                <td>
                  {a.uin !== s.uin && (
                    <button type="button" onClick={() => update({ uin: a.uin })}>
                      Switch to
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <form
          class="inline"
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await act.run(() => control<{ uin: string; appId: number; secretId: string; secretKey: string }>("POST", "/accounts", { balance: Number(balance) }));
            if (r) update({ accounts: shared().accounts + 1 });
            created(r && { Uin: r.uin, AppId: r.appId, SecretId: r.secretId, SecretKey: r.secretKey });
          }}
        >
          <label>
            Balance <input id="new-account-balance" type="number" min="0" value={balance} onInput={(e) => setBalance(e.currentTarget.value)} />
          </label>
          <button type="submit" id="create-account">
            Create account
          </button>
        </form>
      </Card>
      <ErrorNote error={access.error} />
      {access.data && <AccessCards access={access.data} run={act.run} onCreated={created} reload={access.reload} />}
    </div>
  );
}

function BalanceEditor({ account, onSaved }: { account: Account; onSaved: () => void }) {
  const [value, setValue] = useState(String(account.balance));
  // The balance changed elsewhere (a purchase, another tab, this form saved): show the new one.
  useEffect(() => setValue(String(account.balance)), [account.balance]);
  const act = useAction();
  return (
    <form
      class="inline"
      onSubmit={async (e) => {
        e.preventDefault();
        await act.run(() => control("PATCH", `/accounts/${account.uin}`, { balance: Number(value) }));
        onSaved();
      }}
    >
      <input type="number" min="0" step="0.01" value={value} onInput={(e) => setValue(e.currentTarget.value)} aria-label={`balance of ${account.uin}`} />
      <button type="submit">Set</button>
      <ErrorNote error={act.error} />
    </form>
  );
}

interface AccessProps {
  access: Access;
  run: <T>(fn: () => Promise<T>) => Promise<T | undefined>;
  onCreated: (v: Secret | undefined) => void;
  reload: () => void;
}

function AccessCards({ access, run, onCreated, reload }: AccessProps) {
  const [userName, setUserName] = useState("");
  const [policy, setPolicy] = useState('{"version":"2.0","statement":[{"effect":"allow","action":["*"],"resource":["*"]}]}');
  const [mfaActions, setMfaActions] = useState("");
  const [duration, setDuration] = useState("1800");
  const [credUser, setCredUser] = useState("");
  const [credMfa, setCredMfa] = useState(false);
  const [credPolicy, setCredPolicy] = useState("");
  const parse = (text: string) => (text.trim() ? JSON.parse(text) : undefined);
  return (
    <>
      <Card title={`API keys of ${access.uin}`} id="keys">
        <table class="grid">
          <thead>
            <tr>
              <th>SecretId</th>
              <th>Owner</th>
              <th>State</th>
              <th>Created (UTC)</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {access.keys.map((k) => (
              <tr key={k.secretId} data-secret-id={k.secretId}>
                <td class="mono">{k.secretId}</td>
                <td>{k.subUin ? `sub-user ${k.subUin}` : "root"}</td>
                <td>{k.enabled ? "enabled" : "disabled"}</td>
                <td>{dateTime(k.createdAt * 1000)}</td>
                <td>
                  <button type="button" onClick={async () => (await run(() => control("PATCH", `/keys/${k.secretId}`, { enabled: !k.enabled })), reload())}>
                    {k.enabled ? "Disable" : "Enable"}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button
          type="button"
          id="create-key"
          onClick={async () => {
            const r = await run(() => control<{ secretId: string; secretKey: string }>("POST", `/accounts/${access.uin}/keys`));
            onCreated(r && { SecretId: r.secretId, SecretKey: r.secretKey });
          }}
        >
          Create an API key
        </button>
      </Card>
      <Card title="Sub-users" id="users">
        <table class="grid">
          <thead>
            <tr>
              <th>Name</th>
              <th>SubUin</th>
              <th>MFA-protected actions</th>
              <th>Policy</th>
            </tr>
          </thead>
          <tbody>
            {access.users.map((u) => (
              <tr key={u.subUin}>
                <td>{u.name}</td>
                <td>{u.subUin}</td>
                <td>{u.mfaProtectedActions.join(", ")}</td>
                <td>
                  <Json value={u.policy} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <form
          class="form-grid"
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await run(() =>
              control<{ subUin: string; secretId: string; secretKey: string }>("POST", `/accounts/${access.uin}/users`, {
                name: userName,
                policy: parse(policy),
                mfaProtectedActions: mfaActions.split(",").map((a) => a.trim()).filter(Boolean),
              }),
            );
            onCreated(r && { SubUin: r.subUin, SecretId: r.secretId, SecretKey: r.secretKey });
          }}
        >
          <label>
            Name <input id="user-name" value={userName} onInput={(e) => setUserName(e.currentTarget.value)} />
          </label>
          <label>
            MFA-protected actions (comma-separated) <input value={mfaActions} onInput={(e) => setMfaActions(e.currentTarget.value)} placeholder="kms:ScheduleKeyDeletion" />
          </label>
          <label class="wide">
            Policy (CAM JSON)
            <textarea rows={3} value={policy} onInput={(e) => setPolicy(e.currentTarget.value)} />
          </label>
          <div class="actions">
            <button type="submit">Create sub-user</button>
          </div>
        </form>
      </Card>
      <Card title="Temporary credentials" id="credentials">
        <table class="grid">
          <thead>
            <tr>
              <th>TmpSecretId</th>
              <th>For</th>
              <th>MFA</th>
              <th>Expires (UTC, emulator clock)</th>
              <th>Session policy</th>
            </tr>
          </thead>
          <tbody>
            {access.credentials.map((c) => (
              <tr key={c.tmpSecretId} class={c.expired ? "muted" : ""}>
                <td class="mono">{c.tmpSecretId}</td>
                <td>{c.subUin ? `sub-user ${c.subUin}` : "root"}</td>
                <td>{c.mfa ? "yes" : "no"}</td>
                <td>
                  {dateTime(c.expiredTime * 1000)}
                  {c.expired ? " (expired)" : ""}
                </td>
                <td>{c.policy ? <Json value={c.policy} /> : "none"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <form
          class="form-grid"
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await run(() =>
              control<{ tmpSecretId: string; tmpSecretKey: string; token: string; expiredTime: number }>("POST", `/accounts/${access.uin}/credentials`, {
                durationSeconds: Number(duration),
                subUin: credUser || undefined,
                mfa: credMfa,
                policy: parse(credPolicy),
              }),
            );
            onCreated(r && { TmpSecretId: r.tmpSecretId, TmpSecretKey: r.tmpSecretKey, Token: r.token, ExpiredTime: r.expiredTime });
          }}
        >
          <label>
            Duration (s) <input type="number" min="1" max="43200" value={duration} onInput={(e) => setDuration(e.currentTarget.value)} />
          </label>
          <label>
            Sub-user
            <select value={credUser} onChange={(e) => setCredUser(e.currentTarget.value)}>
              <option value="">root</option>
              {access.users.map((u) => (
                <option key={u.subUin} value={u.subUin}>
                  {u.name} ({u.subUin})
                </option>
              ))}
            </select>
          </label>
          <label class="check">
            <input type="checkbox" checked={credMfa} onChange={(e) => setCredMfa(e.currentTarget.checked)} /> MFA verified
          </label>
          <label class="wide">
            Session policy (optional CAM JSON)
            <textarea rows={2} value={credPolicy} onInput={(e) => setCredPolicy(e.currentTarget.value)} />
          </label>
          <div class="actions">
            <button type="submit">Issue credentials</button>
          </div>
        </form>
      </Card>
    </>
  );
}
