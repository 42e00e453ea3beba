import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { unlock } from "./api";

/** Asks for the admin token (tclocal started with --admin-token); kept in session storage once accepted. */
export function TokenPrompt() {
  const [token, setToken] = useState("");
  const [refused, setRefused] = useState(false);
  return (
    <div class="token-prompt" role="dialog" aria-label="Admin token">
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setRefused(!(await unlock(token)));
        }}
      >
        <h2>This tclocal requires its admin token</h2>
        <p>The control API was started with <code>--admin-token</code>. Give it to read and change state; it is kept for this browser tab only.</p>
        <input id="admin-token" type="password" autocomplete="off" value={token} onInput={(e) => setToken(e.currentTarget.value)} placeholder="admin token" />
        <button type="submit">Unlock</button>
        {refused && <p class="error">The control API refused this token.</p>}
      </form>
    </div>
  );
}

export function ErrorNote({ error }: { error: string | null | undefined }) {
  return error ? <p class="error">{error}</p> : null;
}

/** JSON exactly as the API answered it, shown as text. */
export function Json({ value }: { value: unknown }) {
  return <pre class="json">{JSON.stringify(value, null, 2)}</pre>;
}

export function Card({ title, children, id }: { title: string; children: ComponentChildren; id?: string }) {
  return (
    <section class="card" id={id}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** A secret shown once, right after it was created: tclocal never lists it again. */
export function ShownOnce({ values, onClose }: { values: Record<string, string | number>; onClose: () => void }) {
  return (
    <div class="shown-once">
      <p>
        <strong>Shown once.</strong> Copy it now: tclocal does not show secrets again.
      </p>
      <dl>
        {Object.entries(values).map(([k, v]) => [<dt key={`${k}-t`}>{k}</dt>, <dd key={`${k}-d`}><code>{String(v)}</code></dd>])}
      </dl>
      <button type="button" onClick={onClose}>
        Done
      </button>
    </div>
  );
}
