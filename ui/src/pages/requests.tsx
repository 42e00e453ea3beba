import { Fragment } from "preact";
import { useState } from "preact/hooks";
import { control, query } from "../api";
import { ErrorNote, Json } from "../components";
import { dateTime } from "../format";
import { useDebounced, useLoad } from "../hooks";
import { useShared } from "../store";
import type { AuditRow, Products } from "../types";

/**
 * The audit trail, newest first, read again every second: calls appear without a reload. It follows the account
 * switcher, or shows every account's calls, those refused before any account was known (an unknown SecretId) included.
 */
export function RequestsPage() {
  const s = useShared();
  const [service, setService] = useState("");
  const [action, setAction] = useState("");
  const [code, setCode] = useState("");
  const [live, setLive] = useState(true);
  const [everyAccount, setEveryAccount] = useState(false);
  const account = everyAccount ? undefined : s.uin;
  const [open, setOpen] = useState<string | null>(null);
  const products = useLoad(() => control<Products>("GET", "/products"), []);
  const filters = { service, action: useDebounced(action.trim(), 300), code: useDebounced(code.trim(), 300) };
  const trail = useLoad(
    () => control<{ requests: AuditRow[] }>("GET", `/requests${query({ limit: 100, account, ...filters })}`),
    [account, filters.service, filters.action, filters.code],
    live ? 1000 : undefined,
  );
  const rows = trail.data?.requests ?? [];
  // /products names the API 3.0 products; COS (its own XML pipeline) records its calls as service "cos" too.
  const services = products.data ? [...new Set([...products.data.products.map((p) => p.service), "cos"])] : [];
  return (
    <div class="requests">
      <div class="toolbar">
        <h2>{everyAccount ? "Requests of every account" : `Requests of ${s.uin}`}</h2>
        <select id="filter-account" value={everyAccount ? "all" : "selected"} onChange={(e) => setEveryAccount(e.currentTarget.value === "all")}>
          <option value="selected">account {s.uin}</option>
          <option value="all">all accounts</option>
        </select>
        <select id="filter-service" value={service} onChange={(e) => setService(e.currentTarget.value)}>
          <option value="">every service</option>
          {services.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <input id="filter-action" placeholder="Action" value={action} onInput={(e) => setAction(e.currentTarget.value)} />
        <input id="filter-code" placeholder="Code (OK or an error code)" value={code} onInput={(e) => setCode(e.currentTarget.value)} />
        <label class="live">
          <input type="checkbox" checked={live} onChange={(e) => setLive(e.currentTarget.checked)} /> live
        </label>
      </div>
      <ErrorNote error={trail.error} />
      <table class="grid requests-table">
        <thead>
          <tr>
            <th>Time (UTC)</th>
            <th>Service</th>
            <th>Action</th>
            <th>Region</th>
            <th>Code</th>
            <th>Message</th>
            <th class="num">ms</th>
            <th>RequestId</th>
            {everyAccount && <th>Account</th>}
            <th>Caller</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <Fragment key={r.requestId}>
              <tr data-request-id={r.requestId} data-action={r.action} class={r.errorCode ? "failed" : ""} onClick={() => setOpen(open === r.requestId ? null : r.requestId)}>
                <td class="nowrap">{dateTime(r.time)}</td>
                <td>{r.service}</td>
                <td>{r.action}</td>
                <td class="nowrap">{r.region}</td>
                <td class="code">{r.errorCode ?? "OK"}</td>
                <td class="message">{r.errorMessage ?? ""}</td>
                <td class="num">{r.latencyMs}</td>
                <td class="mono">{r.requestId}</td>
                {everyAccount && (
                  <td class="nowrap" data-field="account">
                    {r.account || "none"}
                  </td>
                )}
                <td>{r.subUin ? `${r.username} (${r.subUin})` : r.username}{r.callerKind === "temporary" ? ", temporary" : ""}</td>
              </tr>
              {open === r.requestId && (
                <tr class="expanded">
                  <td colSpan={everyAccount ? 10 : 9}>
                    <p class="muted">
                      {r.secretId ? `SecretId ${r.secretId}` : "no SecretId"} · from {r.sourceIp} · {r.userAgent} · {r.version} · parameters (secrets redacted):
                    </p>
                    <Json value={r.params} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      {trail.data && rows.length === 0 && <p class="muted empty">No call matches.</p>}
    </div>
  );
}
