import { Command, Option } from "commander";
import { createReadStream, createWriteStream } from "node:fs";
import { access, chmod } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { errorCatalog } from "../errors/catalog";
import { CliError, control, controlJson, type ClientOptions } from "./control-client";
import { parseDuration } from "./durations";

const usage = (message: string) => new CliError(message, 2);
/** The products this tclocal knows (the control API's reset answers the same list). */
const products = Object.keys(errorCatalog);
const print = (value: unknown): void => void process.stdout.write((typeof value === "string" ? value : JSON.stringify(value, null, 2)) + "\n");

/** status, reset, clock, faults, accounts, state: thin clients of a running tclocal's control API. */
export function registerClientCommands(program: Command): void {
  // Every client command takes --endpoint and --admin-token (or TCLOCAL_ENDPOINT, TCLOCAL_ADMIN_TOKEN).
  const leaf = (parent: Command, name: string) =>
    parent
      .command(name)
      .addOption(new Option("--endpoint <url>", "the tclocal to talk to").env("TCLOCAL_ENDPOINT").default("http://127.0.0.1:4577"))
      .addOption(new Option("--admin-token <token>", "bearer token of its control API").env("TCLOCAL_ADMIN_TOKEN"));
  const client = (o: { endpoint: string; adminToken?: string }): ClientOptions => ({ endpoint: o.endpoint, adminToken: o.adminToken });
  type Opts = { endpoint: string; adminToken?: string };

  leaf(program, "status")
    .description("Health of the running tclocal (version, store, workers, readiness)")
    .action(async (o: Opts) => print(await controlJson(client(o), "GET", "/health")));

  leaf(program, "reset")
    .argument("[service]", "one product (kms, cbs, …); all state when omitted")
    .description("Wipe the state (or one product's), keeping the default account")
    .action(async (service: string | undefined, o: Opts) => {
      if (service !== undefined && !products.includes(service)) throw usage(`unknown service ${JSON.stringify(service)}: reset takes one of ${products.join(", ")}`);
      print(await controlJson(client(o), "POST", "/reset", service ? { service } : {}));
    });

  leaf(program, "clock")
    .argument("[verb]", '"advance" or "set"; shows the clock when omitted')
    .argument("[value]", "a duration (90s, 15m, 3h, 7d) for advance; an ISO time or epoch seconds for set")
    .description("Show or move the emulator clock")
    .action(async (verb: string | undefined, value: string | undefined, o: Opts) => {
      if (!verb) return print(await controlJson(client(o), "GET", "/clock"));
      if (verb === "advance") {
        const seconds = parseDuration(value ?? "");
        if (!Number.isFinite(seconds)) throw usage(`clock advance takes a duration such as 90s, 15m, 3h or 7d, not ${JSON.stringify(value ?? "")}`);
        return print(await controlJson(client(o), "POST", "/clock", { advanceSeconds: seconds }));
      }
      if (verb === "set") {
        const epoch = /^\d+$/.test(value ?? "") ? Number(value) : Date.parse(value ?? "") / 1000;
        if (!Number.isFinite(epoch) || epoch <= 0) throw usage(`clock set takes an ISO time (2027-01-01T00:00:00Z) or epoch seconds, not ${JSON.stringify(value ?? "")}`);
        return print(await controlJson(client(o), "POST", "/clock", { set: Math.floor(epoch) }));
      }
      throw usage(`clock takes "advance <duration>" or "set <time>", not ${JSON.stringify(verb)}`);
    });

  const faults = program.command("faults").description("Injected faults");
  leaf(faults, "add")
    .argument("<service>")
    .argument("<action>", 'an action of the service, or "*"')
    .argument("<code>", "one of the service's documented error codes")
    .addOption(new Option("--count <n>", "fire at most this many times"))
    .addOption(new Option("--probability <p>", "0..1").default("1"))
    .addOption(new Option("--delay-ms <n>", "delay before answering").default("0"))
    .addOption(new Option("--region <region>", "only calls to this region"))
    .addOption(new Option("--message <text>", "the error message"))
    .description("Make matching calls answer CODE")
    .action(async (service: string, action: string, code: string, o: Opts & Record<string, string | undefined>) => {
      const count = o.count === undefined ? undefined : Number(o.count);
      if (count !== undefined && !(Number.isInteger(count) && count > 0)) throw usage(`--count must be a positive integer, not ${o.count}`);
      const probability = Number(o.probability);
      if (!(probability >= 0 && probability <= 1)) throw usage(`--probability must be between 0 and 1, not ${o.probability}`);
      const delayMs = Number(o.delayMs);
      if (!(Number.isInteger(delayMs) && delayMs >= 0)) throw usage(`--delay-ms must be a non-negative integer, not ${o.delayMs}`);
      print(await controlJson(client(o), "POST", "/faults", { service, action, code, count, probability, delayMs, region: o.region, message: o.message }));
    });
  leaf(faults, "list")
    .description("The fault rules and how often each fired")
    .action(async (o: Opts) => print(await controlJson(client(o), "GET", "/faults")));
  leaf(faults, "rm")
    .argument("<id>")
    .description("Remove a fault rule")
    .action(async (id: string, o: Opts) => print(await controlJson(client(o), "DELETE", `/faults/${encodeURIComponent(id)}`)));

  const accounts = program.command("accounts").description("Root accounts");
  leaf(accounts, "create")
    .addOption(new Option("--balance <cny>", "the account balance").default("0"))
    .description("Create an isolated root account; prints its credential (shown once)")
    .action(async (o: Opts & { balance: string }) => {
      const balance = Number(o.balance);
      if (!(balance >= 0)) throw usage(`--balance must be a non-negative number, not ${o.balance}`);
      print(await controlJson(client(o), "POST", "/accounts", { balance }));
    });
  leaf(accounts, "list")
    .description("Root accounts with their balances")
    .action(async (o: Opts) => print(await controlJson(client(o), "GET", "/accounts")));

  const state = program.command("state").description("State snapshots (they hold secret keys: files are written mode 0600)");
  leaf(state, "export")
    .argument("<file>", "where to write the snapshot (gzip-compressed when it ends in .gz)")
    .option("--with-audit", "include the audit trail")
    .description("Save the running tclocal's state to FILE")
    .action(async (file: string, o: Opts & { withAudit?: boolean }) => {
      const res = await control(client(o), "GET", `/state${o.withAudit ? "?withAudit=true" : ""}`);
      const body = Readable.fromWeb(res.body as never);
      const out = createWriteStream(file, { mode: 0o600 });
      await (file.endsWith(".gz") ? pipeline(body, createGzip(), out) : pipeline(body, out));
      await chmod(file, 0o600);
      print(`state written to ${file}`);
    });
  leaf(state, "import")
    .argument("<file>", "a snapshot written by tclocal state export (gzip or plain)")
    .option("--merge", "add to the state instead of replacing it (an id present on both sides is refused)")
    .description("Load FILE into the running tclocal")
    .action(async (file: string, o: Opts & { merge?: boolean }) => {
      try {
        await access(file);
      } catch {
        throw new CliError(`cannot read ${file}`);
      }
      const res = await control(client(o), "PUT", `/state${o.merge ? "?merge=true" : ""}`, undefined, {
        body: Readable.toWeb(createReadStream(file)) as never,
        contentType: "application/x-ndjson",
      });
      print(await res.json());
    });
}
