import { useEffect, useState } from "preact/hooks";
import { control } from "../api";
import { Card, ErrorNote } from "../components";
import { dateTime, duration } from "../format";
import { useLoad } from "../hooks";
import type { Clock } from "../types";

const PRESETS = [
  { label: "+1 h", seconds: 3600 },
  { label: "+1 d", seconds: 86400 },
  { label: "+7 d", seconds: 7 * 86400 },
  { label: "+30 d", seconds: 30 * 86400 },
];
const UNITS = { seconds: 1, minutes: 60, hours: 3600, days: 86400 } as const;

export function ClockPage() {
  const clock = useLoad(() => control<Clock>("GET", "/clock"), [], 10_000);
  const [loadedAt, setLoadedAt] = useState(Date.now());
  const [now, setNow] = useState(Date.now());
  const [amount, setAmount] = useState("1");
  const [unit, setUnit] = useState<keyof typeof UNITS>("hours");
  const [at, setAt] = useState("");
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setLoadedAt(Date.now()), [clock.data]);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const change = async (body: object) => {
    try {
      await control<Clock>("POST", "/clock", body);
      setError(null);
    } catch (e) {
      setError(String((e as Error).message));
    }
    clock.reload();
  };
  const emulated = clock.data ? clock.data.now * 1000 + (now - loadedAt) : null;
  return (
    <div class="clock">
      <Card title="Emulator clock" id="clock-now">
        <ErrorNote error={clock.error ?? error} />
        <p class="big" id="emulator-time">
          {emulated ? `${dateTime(emulated)} UTC` : ""}
        </p>
        <p id="clock-offset">{clock.data ? `offset ${duration(clock.data.offsetSeconds)} (${clock.data.offsetSeconds} s) from real time` : ""}</p>
        <p class="muted">Resources follow this clock (deletion dates, snapshot progress, task completion, credential expiry); request signatures use real time.</p>
      </Card>
      <Card title="Advance" id="clock-advance">
        <div class="buttons">
          {PRESETS.map((p) => (
            <button key={p.label} type="button" data-advance={p.seconds} onClick={() => change({ advanceSeconds: p.seconds })}>
              {p.label}
            </button>
          ))}
        </div>
        <form
          class="inline"
          onSubmit={(e) => {
            e.preventDefault();
            void change({ advanceSeconds: Number(amount) * UNITS[unit] });
          }}
        >
          <input id="advance-amount" type="number" step="any" value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />
          <select value={unit} onChange={(e) => setUnit(e.currentTarget.value as keyof typeof UNITS)}>
            {Object.keys(UNITS).map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
          <button type="submit">Advance</button>
        </form>
      </Card>
      <Card title="Set" id="clock-set">
        <form
          class="inline"
          onSubmit={(e) => {
            e.preventDefault();
            const ms = Date.parse(`${at}Z`);
            if (Number.isNaN(ms)) setError("give a date and time");
            else void change({ set: Math.floor(ms / 1000) });
          }}
        >
          <input id="set-time" type="datetime-local" step="1" value={at} onInput={(e) => setAt(e.currentTarget.value)} />
          <span class="muted">UTC</span>
          <button type="submit">Set</button>
          <button type="button" onClick={() => change({ set: Math.floor(Date.now() / 1000) })}>
            Back to real time
          </button>
        </form>
      </Card>
    </div>
  );
}
