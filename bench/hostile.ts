import { Agent, request } from "node:http";
import { randomBytes } from "node:crypto";
import { signedRequest, type SignedRequest, type Target } from "./harness";

/**
 * The hardening issue's memory check: `n` hostile requests (deep nesting, large unknown members, random action
 * names, unknown SecretIds, odd regions, long decimals, malformed JSON), 32 at a time on keep-alive
 * connections. Anything keyed by client input (caches, compiled statements, rate windows) would grow with them.
 */
export async function hostileLoad(t: Target, n: number): Promise<{ codes: Record<string, number>; seconds: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const codes: Record<string, number> = {};
  const big = "x".repeat(64 * 1024);
  const kms = (action: string, params: object, region = "ap-guangzhou", credential?: { secretId: string; secretKey: string }, raw?: string) =>
    signedRequest(t.hostPort, "kms", "2019-01-18", action, params, region, credential, raw);
  const kinds: (() => SignedRequest)[] = [
    () => kms("DescribeKey", {}, undefined, undefined, `{"KeyId":${"[".repeat(5000)}${"]".repeat(5000)}}`),
    () => kms("ListKeys", { Bogus: big }),
    () => kms(`Action${randomBytes(12).toString("hex")}`, {}),
    () => kms("ListKeys", {}, "ap-guangzhou", { secretId: `AKID${randomBytes(16).toString("hex")}`, secretKey: "x" }),
    () => kms("ListKeys", {}, `ap-${randomBytes(6).toString("hex")}`),
    () => kms("ListKeys", {}, undefined, undefined, '{"Limit":0.30000000000000004,"Offset":12345678901234567890}'),
    () => kms("CreateKey", {}, undefined, undefined, '{"Alias": "unterminated'),
  ];
  const started = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const r = kinds[i % kinds.length]();
      const code = await send(t, r.headers, r.body, agent);
      codes[code] = (codes[code] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  agent.destroy();
  return { codes, seconds: (Date.now() - started) / 1000 };
}

function send(t: Target, headers: Record<string, string>, body: string, agent: Agent): Promise<string> {
  const [host, port] = t.hostPort.split(":");
  return new Promise((resolve) => {
    const req = request({ host, port: Number(port), method: "POST", path: "/", headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        try {
          const json = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { Response: { Error?: { Code: string } } };
          resolve(res.statusCode === 200 ? json.Response.Error?.Code ?? "OK" : `HTTP ${res.statusCode}`);
        } catch {
          resolve("not an envelope");
        }
      });
    });
    req.on("error", () => resolve("connection error"));
    req.end(body);
  });
}
