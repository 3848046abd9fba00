import type { OutboxStore, PendingResult } from './outbox';

const DATABASE = 'longview-results';
const OUTBOX = 'outbox';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function committed(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
}

/**
 * The outbox in IndexedDB, shared by the origin's tabs and kept across reloads. A put resolves
 * only once committed with strict durability: "saved" is said only of what is on disk.
 */
export class IndexedDbOutboxStore implements OutboxStore {
  private readonly db: Promise<IDBDatabase>;

  constructor(factory: IDBFactory = indexedDB) {
    const open = factory.open(DATABASE, 1);
    open.onupgradeneeded = () => {
      open.result.createObjectStore(OUTBOX, { keyPath: 'sopInstanceUid' }).createIndex('queuedAt', 'queuedAt');
    };
    this.db = request(open);
  }

  async put(entry: PendingResult): Promise<void> {
    const transaction = (await this.db).transaction(OUTBOX, 'readwrite', { durability: 'strict' });
    transaction.objectStore(OUTBOX).put(entry);
    await committed(transaction);
  }

  async list(): Promise<PendingResult[]> {
    const transaction = (await this.db).transaction(OUTBOX, 'readonly');
    return request(transaction.objectStore(OUTBOX).index('queuedAt').getAll() as IDBRequest<PendingResult[]>);
  }

  async remove(sopInstanceUid: string): Promise<void> {
    const transaction = (await this.db).transaction(OUTBOX, 'readwrite', { durability: 'strict' });
    transaction.objectStore(OUTBOX).delete(sopInstanceUid);
    await committed(transaction);
  }
}
