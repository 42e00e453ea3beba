import { useEffect, useState } from "preact/hooks";
import { control, query } from "../api";
import { ErrorNote, Json } from "../components";
import { cell, field } from "../format";
import { useDebounced, useLoad } from "../hooks";
import { useShared } from "../store";
import type { KindSummary, ResourceCatalog, ResourceDetail, ResourcePage } from "../types";

const PAGE_SIZE = 50;

export function ResourcesPage({ service, kind }: { service?: string; kind?: string }) {
  const s = useShared();
  const catalog = useLoad(() => control<ResourceCatalog>("GET", `/resources${query({ uin: s.uin, region: s.region })}`), [s.uin, s.region]);
  const products = catalog.data?.products ?? [];
  const current = products.find((p) => p.service === service)?.kinds.find((k) => k.kind === kind);
  const fallback = products[0]?.kinds[0];
  const chosen = current ? { service: service!, kind: current } : fallback ? { service: products[0].service, kind: fallback } : null;
  return (
    <div class="resources">
      <aside>
        <ErrorNote error={catalog.error} />
        {products.map((p) => (
          <div key={p.service} class="product">
            <h3>
              {p.service} <span class="muted">{p.version}</span>
            </h3>
            <ul>
              {p.kinds.map((k) => (
                <li key={k.kind}>
                  <a
                    href={`#/resources/${p.service}/${k.kind}`}
                    class={chosen && chosen.service === p.service && chosen.kind.kind === k.kind ? "active" : ""}
                    data-kind={`${p.service}/${k.kind}`}
                  >
                    {k.title} <span class="count">{k.count}</span>
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </aside>
      {chosen && <KindTable key={`${chosen.service}/${chosen.kind.kind}`} service={chosen.service} kind={chosen.kind} />}
    </div>
  );
}

function KindTable({ service, kind }: { service: string; kind: KindSummary }) {
  const s = useShared();
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState<{ field: string; order: "asc" | "desc" } | null>(null);
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const term = useDebounced(search.trim(), 250);
  useEffect(() => setOffset(0), [term, sort?.field, sort?.order]);
  const page = useLoad(
    () =>
      control<ResourcePage>(
        "GET",
        `/resources/${service}/${kind.kind}${query({ uin: s.uin, region: s.region, offset, limit: PAGE_SIZE, search: term, sort: sort?.field, order: sort?.order })}`,
      ),
    [service, kind.kind, s.uin, s.region, offset, term, sort?.field, sort?.order],
    3000,
  );
  const total = page.data?.totalCount ?? 0;
  const toggle = (f: string) => setSort(sort?.field !== f ? { field: f, order: "asc" } : sort.order === "asc" ? { field: f, order: "desc" } : null);
  return (
    <div class="kind">
      <div class="toolbar">
        <h2>
          {service} · {kind.title}
        </h2>
        <input id="resource-search" type="search" placeholder="Search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
        <span class="total" data-total={page.data ? total : undefined}>
          {page.data ? `${total} in all` : ""}
        </span>
      </div>
      <ErrorNote error={page.error} />
      <div class="table-wrap">
        <table class="grid resources-table" data-kind={`${service}/${kind.kind}`}>
          <thead>
            <tr>
              {kind.columns.map((c) => (
                <th key={c.field} class="sortable" onClick={() => toggle(c.field)} aria-sort={sort?.field === c.field ? (sort.order === "asc" ? "ascending" : "descending") : "none"}>
                  {c.field}
                  {sort?.field === c.field ? (sort.order === "asc" ? " ▲" : " ▼") : ""}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {(page.data?.items ?? []).map((row) => (
              <tr key={row.id} data-id={row.id} class={row.id === selected ? "selected" : ""} onClick={() => setSelected(row.id)}>
                {kind.columns.map((c) => (
                  <td key={c.field} data-field={c.field}>
                    {cell(field(row.resource, c.field), c.format)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {page.data && total === 0 && <p class="muted empty">No {kind.title.toLowerCase()} {term ? "match the search" : `in ${s.uin}, ${s.region}`}.</p>}
      </div>
      <div class="pager">
        <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
          Previous
        </button>
        <span>{total ? `${offset + 1}–${Math.min(offset + PAGE_SIZE, total)} of ${total}` : ""}</span>
        <button type="button" id="next-page" disabled={offset + PAGE_SIZE >= total} onClick={() => setOffset(offset + PAGE_SIZE)}>
          Next
        </button>
      </div>
      {selected && <Detail service={service} kind={kind} id={selected} onClose={() => setSelected(null)} />}
    </div>
  );
}

function Detail({ service, kind, id, onClose }: { service: string; kind: KindSummary; id: string; onClose: () => void }) {
  const s = useShared();
  const detail = useLoad(
    () => control<ResourceDetail>("GET", `/resources/${service}/${kind.kind}/${encodeURIComponent(id)}${query({ uin: s.uin, region: s.region })}`),
    [service, kind.kind, id, s.uin, s.region],
  );
  return (
    <aside class="detail" aria-label="Resource detail">
      <div class="detail-head">
        <h3>{id}</h3>
        <button type="button" onClick={onClose} aria-label="Close">
          ×
        </button>
      </div>
      <p class="muted">As {kind.describedBy} answers it.</p>
      <ErrorNote error={detail.error} />
      {detail.data && <Json value={detail.data.resource} />}
    </aside>
  );
}
