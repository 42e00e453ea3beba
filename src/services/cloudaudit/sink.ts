import type { AuditRecord } from "../../platform/store/store";

/** Where a tracking set or an audit track delivers: a COS bucket (log files) or a queue/topic (one line per event). */
export type Sink =
  | {
      readonly kind: "cos";
      /** The account that owns the bucket. */
      readonly owner: string;
      readonly bucket: string;
      readonly region: string;
      readonly prefix: string;
      readonly gzip: boolean;
    }
  | {
      readonly kind: "cmq" | "cls" | "ckafka";
      readonly owner: string;
      readonly region: string;
      /** Queue name, CLS topic id, or "<ckafka instance>/<topic>". */
      readonly name: string;
    };

/** One delivery a logging tracking set or an enabled audit track asks for. */
export interface Subscription {
  readonly sink: Sink;
  /** Events of calls answered before this time (the moment logging started) are not delivered. */
  readonly since: number;
  readonly accepts: (r: AuditRecord) => boolean;
  /** "tracking set <name>" or "audit track <id>": for the deliveries listing. */
  readonly source: string;
}
