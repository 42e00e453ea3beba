// The part of autocannon's API the benchmark uses (the package ships no types).
declare module "autocannon" {
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    pipelining?: number;
    /** Worker threads generating the load (autocannon 7+). */
    workers?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    requests?: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer }[];
  }
  interface Result {
    requests: { average: number; mean: number; total: number };
    latency: { p50: number; p99: number; average: number };
    errors: number;
    non2xx: number;
    timeouts: number;
  }
  function autocannon(options: Options): Promise<Result>;
  export = autocannon;
}
