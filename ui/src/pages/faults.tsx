import { useState } from "preact/hooks";
import { control } from "../api";
import { Card, ErrorNote } from "../components";
import { useLoad } from "../hooks";
import type { FaultRule, Products } from "../types";

export function FaultsPage() {
  const products = useLoad(() => control<Products>("GET", "/products"), []);
  const faults = useLoad(() => control<{ faults: FaultRule[] }>("GET", "/faults"), [], 2000);
  const [error, setError] = useState<string | null>(null);
  const remove = async (id: string) => {
    try {
      await control("DELETE", `/faults/${encodeURIComponent(id)}`);
      setError(null);
    } catch (e) {
      setError(String((e as Error).message));
    }
    faults.reload();
  };
  return (
    <div class="faults">
      <Card title="Fault rules" id="fault-list">
        <ErrorNote error={faults.error ?? error} />
        <table class="grid faults-table">
          <thead>
            <tr>
              <th>Service</th>
              <th>Action</th>
              <th>Region</th>
              <th>Code</th>
              <th class="num">Probability</th>
              <th class="num">Remaining</th>
              <th class="num">Fired</th>
              <th class="num">Delay ms</th>
              <th>Message</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(faults.data?.faults ?? []).map((f) => (
              <tr key={f.id} data-fault-id={f.id}>
                <td>{f.service}</td>
                <td>{f.action}</td>
                <td>{f.region ?? "any"}</td>
                <td class="code">{f.code}</td>
                <td class="num">{f.probability}</td>
                <td class="num" data-field="remaining">{f.remaining === null ? "unlimited" : f.remaining}</td>
                <td class="num" data-field="fired">{f.fired}</td>
                <td class="num">{f.delayMs}</td>
                <td>{f.message ?? ""}</td>
                <td>
                  <button type="button" class="danger" onClick={() => remove(f.id)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {faults.data && faults.data.faults.length === 0 && <p class="muted">No fault is armed.</p>}
      </Card>
      {products.data && <AddFault products={products.data} onAdded={faults.reload} />}
    </div>
  );
}

function AddFault({ products, onAdded }: { products: Products; onAdded: () => void }) {
  const [service, setService] = useState(products.products[0]?.service ?? "");
  const product = products.products.find((p) => p.service === service);
  const [action, setAction] = useState("*");
  const [region, setRegion] = useState("");
  const [code, setCode] = useState("");
  const [probability, setProbability] = useState("1");
  const [count, setCount] = useState("");
  const [delay, setDelay] = useState("0");
  const [message, setMessage] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      await control("POST", "/faults", {
        service,
        action,
        region: region || undefined,
        code: code || product?.codes[0],
        message: message || undefined,
        probability: Number(probability),
        count: count ? Number(count) : undefined,
        delayMs: Number(delay),
      });
      setError(null);
      onAdded();
    } catch (err) {
      setError(String((err as Error).message));
    }
  };
  return (
    <Card title="Add a fault" id="add-fault">
      <form class="form-grid" onSubmit={submit}>
        <label>
          Service
          <select id="fault-service" value={service} onChange={(e) => (setService(e.currentTarget.value), setAction("*"), setCode(""), setRegion(""))}>
            {products.products.map((p) => (
              <option key={p.service} value={p.service}>
                {p.service} {p.version}
              </option>
            ))}
          </select>
        </label>
        <label>
          Action
          <select id="fault-action" value={action} onChange={(e) => setAction(e.currentTarget.value)}>
            <option value="*">* (every action)</option>
            {(product?.actions ?? []).map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          Region
          <select id="fault-region" value={region} onChange={(e) => setRegion(e.currentTarget.value)}>
            <option value="">any region</option>
            {(product?.regions ?? []).map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label>
          Code ({product?.codes.length ?? 0} in {service}'s catalog)
          <select id="fault-code" value={code || product?.codes[0]} onChange={(e) => setCode(e.currentTarget.value)}>
            {(product?.codes ?? []).map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label>
          Probability
          <input id="fault-probability" type="number" min="0" max="1" step="0.05" value={probability} onInput={(e) => setProbability(e.currentTarget.value)} />
        </label>
        <label>
          Count (empty: unlimited)
          <input id="fault-count" type="number" min="1" step="1" value={count} onInput={(e) => setCount(e.currentTarget.value)} />
        </label>
        <label>
          Delay (ms)
          <input id="fault-delay" type="number" min="0" max="60000" step="100" value={delay} onInput={(e) => setDelay(e.currentTarget.value)} />
        </label>
        <label class="wide">
          Message (empty: the code's own description)
          <input id="fault-message" value={message} onInput={(e) => setMessage(e.currentTarget.value)} />
        </label>
        <div class="actions">
          <button type="submit" id="fault-add">
            Add fault
          </button>
        </div>
      </form>
      <ErrorNote error={error} />
    </Card>
  );
}
