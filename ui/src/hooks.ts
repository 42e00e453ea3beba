import { useEffect, useRef, useState } from "preact/hooks";
import { ControlError } from "./api";

export interface Loaded<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads `fn()` now and whenever `deps` change (and every `everyMs` when given: the live pages). A newer load wins
 * over an older one that answers late; a periodic reload waits for the load in flight.
 */
export function useLoad<T>(fn: () => Promise<T>, deps: unknown[], everyMs?: number): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const serial = useRef(0);
  const pending = useRef(false);
  useEffect(() => {
    const mine = ++serial.current;
    setLoading(true);
    pending.current = true;
    fn().then(
      (d) => {
        if (mine !== serial.current) return;
        pending.current = false;
        setData(d);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== serial.current) return;
        pending.current = false;
        setError(e instanceof ControlError && e.status === 401 ? "The control API needs the admin token." : String((e as Error)?.message ?? e));
        setLoading(false);
      },
    );
  }, [...deps, tick]);
  useEffect(() => {
    if (!everyMs) return;
    const timer = setInterval(() => {
      // A slow answer (sorting a large kind) is not asked again before it came.
      if (!document.hidden && !pending.current) setTick((n) => n + 1);
    }, everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return { data, error, loading, reload: () => setTick((n) => n + 1) };
}

/** A value that follows `value` once it has stopped changing for `ms` (the search box). */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}
