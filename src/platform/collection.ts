import type { ListOptions, Scope, Tx } from "./store/store";

/**
 * The documents of one kind in one (service, account, region): every read and write a handler makes goes
 * through one of these, so it cannot reach another account's or region's resources.
 */
export class Collection<T> {
  constructor(
    private readonly tx: Tx,
    readonly scope: Scope,
    readonly kind: string,
  ) {}

  get(id: string): T | undefined {
    return this.tx.get<T>(this.scope, this.kind, id)?.data;
  }

  has(id: string): boolean {
    return this.tx.get(this.scope, this.kind, id) !== undefined;
  }

  /** Throws DuplicateDocumentError when the id is taken. */
  insert(id: string, doc: T, parent: string | null = null): T {
    this.tx.insert(this.scope, this.kind, id, doc, parent);
    return doc;
  }

  /** Replaces an existing document. */
  update(id: string, doc: T, parent: string | null = null): T {
    if (!this.tx.update(this.scope, this.kind, id, doc, parent)) throw new Error(`${this.kind} ${id} does not exist`);
    return doc;
  }

  put(id: string, doc: T, parent: string | null = null): T {
    if (!this.tx.update(this.scope, this.kind, id, doc, parent)) this.tx.insert(this.scope, this.kind, id, doc, parent);
    return doc;
  }

  delete(id: string): boolean {
    return this.tx.delete(this.scope, this.kind, id);
  }

  /** A page in insertion order (indexed: the cost does not grow with the collection). */
  list(options: ListOptions = {}): T[] {
    return this.tx.list<T>(this.scope, this.kind, options).map((d) => d.data);
  }

  /** Every document, in insertion order. */
  all(parent?: string): T[] {
    return this.list(parent === undefined ? {} : { parent });
  }

  count(parent?: string): number {
    return this.tx.count(this.scope, this.kind, parent);
  }
}
