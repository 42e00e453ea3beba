import { Fragment } from "preact";
import { useState } from "preact/hooks";
import { control, query } from "../api";
import { ErrorNote, Json } from "../components";
import { dateTime } from "../format";
import { useDebounced, useLoad } from "../hooks";
import { useShared } from "../store";
import type { AuditRow, Products } from "../types";

/** The audit trail, newest first, read again every second: calls appear without a reload. */
export function RequestsPage() {
  const s = useShared();
  const [service, setService] = useState("");
  const [action, setAction] = useState("");
  const [code, setCode] = useState("");
  const [live, setLive] = useState(true);
  const [open, setOpen] = useState<string | null>(null);
  const products = useLoad(() => control<Products>("GET", "/products"), []);
  const filters = { service, action: useDebounced(action.trim(), 300), code: useDebounced(code.trim(), 300) };
  const trail = useLoad(
    () => control<{ requests: AuditRow[] }>("GET", `/requests${query({ limit: 100, account: s.uin, ...filters })}`),
    [s.uin, filters.service, filters.action, filters.code],
    live ? 1000 : undefined,
  );
  const rows = trail.data?.requests ?? [];
  return (
    <div class="requests">
      <div class="toolbar">
        <h2>Requests of {s.uin}</h2>
        <select id="filter-service" value={service} onChange={(e) => setService(e.currentTarget.value)}>
          <option value="">every service</option>
          {(products.data?.products ?? []).map((p) => (
            <option key={p.service} value={p.service}>
              {p.service}
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
                <td>{r.subUin ? `${r.username} (${r.subUin})` : r.username}{r.callerKind === "temporary" ? ", temporary" : ""}</td>
              </tr>
              {open === r.requestId && (
                <tr class="expanded">
                  <td colSpan={9}>
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
