import { control, query } from "../api";
import { Card, ErrorNote } from "../components";
import { dateTime, duration } from "../format";
import { useLoad } from "../hooks";
import { useShared } from "../store";
import type { AuditRow, Clock, Health, Products, ResourceCatalog } from "../types";

export function OverviewPage() {
  const s = useShared();
  const health = useLoad(() => control<Health>("GET", "/health"), [], 5000);
  const products = useLoad(() => control<Products>("GET", "/products"), []);
  const clock = useLoad(() => control<Clock>("GET", "/clock"), [], 5000);
  const resources = useLoad(() => control<ResourceCatalog>("GET", `/resources${query({ uin: s.uin, region: s.region })}`), [s.uin, s.region], 5000);
  const recent = useLoad(() => control<{ requests: AuditRow[] }>("GET", `/requests${query({ limit: 500, account: s.uin })}`), [s.uin], 3000);
  const errors = (recent.data?.requests ?? []).filter((r) => r.errorCode).slice(0, 10);
  const h = health.data;
  return (
    <div class="overview">
      <Card title="Health" id="health">
        <ErrorNote error={health.error} />
        {h && (
          <dl class="facts">
            <dt>Status</dt>
            <dd>{h.status}</dd>
            <dt>tclocal</dt>
            <dd>{products.data?.tclocal ?? ""}</dd>
            <dt>SDK models</dt>
            <dd>{h.sdk}</dd>
            <dt>Store</dt>
            <dd>
              {h.store.kind} (schema {h.store.schemaVersion}), {Object.entries(h.persistence).map(([k, v]) => `${k}: ${String(v)}`).join(", ")}
            </dd>
            <dt>Uptime</dt>
            <dd>{duration(h.uptimeSeconds)}</dd>
            <dt>Replica / workers</dt>
            <dd>
              {h.replicaId} (pid {h.pid}), {h.workers} worker{h.workers === 1 ? "" : "s"}
            </dd>
            <dt>Emulator time</dt>
            <dd>{clock.data ? `${dateTime(clock.data.now * 1000)} UTC (offset ${duration(clock.data.offsetSeconds)})` : ""}</dd>
          </dl>
        )}
      </Card>
      <Card title={`Resources of ${s.uin} in ${s.region}`} id="counts">
        <ErrorNote error={resources.error} />
        <table class="grid">
          <thead>
            <tr>
              <th>Product</th>
              <th>Kind</th>
              <th class="num">Count</th>
            </tr>
          </thead>
          <tbody>
            {(resources.data?.products ?? []).flatMap((p) =>
              p.kinds.map((k, i) => (
                <tr key={`${p.service}/${k.kind}`}>
                  <td>{i === 0 ? `${p.service} ${p.version}` : ""}</td>
                  <td>
                    <a href={`#/resources/${p.service}/${k.kind}`}>{k.title}</a>
                  </td>
                  <td class="num">{k.count}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </Card>
      <Card title="Last errors" id="last-errors">
        <ErrorNote error={recent.error} />
        {errors.length === 0 ? (
          <p class="muted">No failed call among the last 500 of this account.</p>
        ) : (
          <table class="grid">
            <thead>
              <tr>
                <th>Time (UTC)</th>
                <th>Call</th>
                <th>Code</th>
                <th>Message</th>
              </tr>
            </thead>
            <tbody>
              {errors.map((r) => (
                <tr key={r.requestId}>
                  <td>{dateTime(r.time)}</td>
                  <td>
                    {r.service}:{r.action}
                  </td>
                  <td class="code">{r.errorCode}</td>
                  <td>{r.errorMessage}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
