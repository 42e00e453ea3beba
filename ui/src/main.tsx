import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { control } from "./api";
import { TokenPrompt } from "./components";
import { useLoad } from "./hooks";
import { AccountsPage } from "./pages/accounts";
import { ClockPage } from "./pages/clock";
import { FaultsPage } from "./pages/faults";
import { OverviewPage } from "./pages/overview";
import { RequestsPage } from "./pages/requests";
import { ResourcesPage } from "./pages/resources";
import { update, useShared } from "./store";
import type { Account, Products } from "./types";
import "./styles.css";

const PAGES = [
  { path: "overview", title: "Overview" },
  { path: "resources", title: "Resources" },
  { path: "requests", title: "Requests" },
  { path: "faults", title: "Faults" },
  { path: "clock", title: "Clock" },
  { path: "accounts", title: "Accounts" },
] as const;

/** `#/resources/kms/keys` → ["resources", "kms", "keys"]. */
function useRoute(): string[] {
  const read = () => location.hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const on = () => setRoute(read());
    addEventListener("hashchange", on);
    return () => removeEventListener("hashchange", on);
  }, []);
  return route;
}

function Switchers() {
  const s = useShared();
  // Read again now and then: scripts create accounts too.
  const accounts = useLoad(() => control<{ accounts: Account[] }>("GET", "/accounts"), [s.version, s.accounts], 5000);
  const products = useLoad(() => control<Products>("GET", "/products"), [s.version]);
  const list = accounts.data?.accounts ?? [{ uin: s.uin, appId: 0, balance: 0, createdAt: 0 }];
  const regions = products.data?.regions ?? [{ id: s.region, name: s.region }];
  return (
    <div class="switchers">
      <label>
        Account
        <select id="account-switcher" value={s.uin} onChange={(e) => update({ uin: e.currentTarget.value })}>
          {list.map((a) => (
            <option key={a.uin} value={a.uin}>
              {a.uin}
            </option>
          ))}
        </select>
      </label>
      <label>
        Region
        <select id="region-switcher" value={s.region} onChange={(e) => update({ region: e.currentTarget.value })}>
          {regions.map((r) => (
            <option key={r.id} value={r.id}>
              {r.id}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

function App() {
  const route = useRoute();
  const s = useShared();
  const page = PAGES.find((p) => p.path === route[0]) ?? PAGES[0];
  return (
    <div class="shell">
      <header>
        <a class="brand" href="#/overview">
          tclocal <span>console</span>
        </a>
        <nav>
          {PAGES.map((p) => (
            <a key={p.path} href={`#/${p.path}`} class={p === page ? "active" : ""} data-page={p.path}>
              {p.title}
            </a>
          ))}
        </nav>
        <Switchers />
      </header>
      {s.needToken && <TokenPrompt />}
      <main key={`${s.uin}/${s.region}/${s.version}`} data-page={page.path}>
        {page.path === "overview" && <OverviewPage />}
        {page.path === "resources" && <ResourcesPage service={route[1]} kind={route[2]} />}
        {page.path === "requests" && <RequestsPage />}
        {page.path === "faults" && <FaultsPage />}
        {page.path === "clock" && <ClockPage />}
        {page.path === "accounts" && <AccountsPage />}
      </main>
    </div>
  );
}

const root = document.getElementById("app")!;
root.textContent = "";
render(<App />, root);
