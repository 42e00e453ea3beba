import type { ListOptions, Scope, Tx } from "./store/store";

/**
 * The documents of one kind in one (service, account, region): every read and write a handler makes goes
 * through one of these, so it cannot reach another account's or region's resources. Every method returns a
 * promise (the store may be a network database): `await` each one.
 */
export class Collection<T> {
  constructor(
    private readonly tx: Tx,
    readonly scope: Scope,
    readonly kind: string,
  ) {}

  async get(id: string): Promise<T | undefined> {
    return (await this.tx.get<T>(this.scope, this.kind, id))?.data;
  }

  async has(id: string): Promise<boolean> {
    return (await this.tx.get(this.scope, this.kind, id)) !== undefined;
  }

  /** Throws DuplicateDocumentError when the id is taken. */
  async insert(id: string, doc: T, parent: string | null = null): Promise<T> {
    await this.tx.insert(this.scope, this.kind, id, doc, parent);
    return doc;
  }

  /** Replaces an existing document. */
  async update(id: string, doc: T, parent: string | null = null): Promise<T> {
    if (!(await this.tx.update(this.scope, this.kind, id, doc, parent))) throw new Error(`${this.kind} ${id} does not exist`);
    return doc;
  }

  async put(id: string, doc: T, parent: string | null = null): Promise<T> {
    if (!(await this.tx.update(this.scope, this.kind, id, doc, parent))) await this.tx.insert(this.scope, this.kind, id, doc, parent);
    return doc;
  }

  delete(id: string): Promise<boolean> {
    return this.tx.delete(this.scope, this.kind, id);
  }

  /** A page in insertion order (indexed: the cost does not grow with the collection). */
  async list(options: ListOptions = {}): Promise<T[]> {
    return (await this.tx.list<T>(this.scope, this.kind, options)).map((d) => d.data);
  }

  /** Every document, in insertion order. */
  all(parent?: string): Promise<T[]> {
    return this.list(parent === undefined ? {} : { parent });
  }

  count(parent?: string): Promise<number> {
    return this.tx.count(this.scope, this.kind, parent);
  }
}
