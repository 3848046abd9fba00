import type { AuditEvent } from './event';
import type { AuditStore } from './queue';

const DATABASE = 'longview-audit';
const PENDING = 'pending';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
}

/**
 * Events waiting for the sink, in IndexedDB: it survives reloads and closed tabs, and every
 * tab of the origin shares it, so whichever page loads next sends what another left.
 * A put resolves only when its transaction has committed ("durable" per IndexedDB 3).
 */
export class IndexedDbAuditStore implements AuditStore {
  private readonly db: Promise<IDBDatabase>;

  constructor(factory: IDBFactory = indexedDB) {
    const open = factory.open(DATABASE, 1);
    open.onupgradeneeded = () => {
      const store = open.result.createObjectStore(PENDING, { keyPath: 'id' });
      store.createIndex('recorded', 'recorded');
    };
    this.db = request(open);
  }

  async put(event: AuditEvent): Promise<void> {
    const transaction = (await this.db).transaction(PENDING, 'readwrite', { durability: 'strict' });
    transaction.objectStore(PENDING).put(event);
    await done(transaction);
  }

  async list(limit: number): Promise<AuditEvent[]> {
    const transaction = (await this.db).transaction(PENDING, 'readonly');
    const index = transaction.objectStore(PENDING).index('recorded');
    return request(index.getAll(null, Math.min(limit, 2 ** 32 - 1)) as IDBRequest<AuditEvent[]>);
  }

  async remove(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const transaction = (await this.db).transaction(PENDING, 'readwrite');
    const store = transaction.objectStore(PENDING);
    for (const id of ids) store.delete(id);
    await done(transaction);
  }
}
