/**
 * The relay's sessions and their one file on disk. A session holds view state only (the
 * SharedSession: UIDs and numbers, validated strictly, so no name or image can ride along),
 * who presents, and which public peerId each attendee's secret clientKey was given. ClientKeys
 * are kept as SHA-256 hashes: the file never holds a secret that would let its reader present.
 *
 * Saved atomically (temp file + rename) at most every 100 ms, so a relay killed mid-write
 * leaves the previous file whole; loaded on start, expired sessions dropped.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { validateSharedSession, type SharedSession } from '@longview/shared-view';

export interface RelaySession {
  id: string;
  presenterPeerId: string;
  /** sha256(clientKey) → peerId: a returning attendee keeps its peerId (and the presenter its role). */
  peerIdsByKeyHash: Map<string, string>;
  view: SharedSession | null;
  revision: number;
  lastActivity: number;
}

const FILE_NAME = 'sessions.json';
const FILE_VERSION = 1;
const SAVE_DELAY_MS = 100;
/** Attendees remembered per session; beyond it the oldest entries are forgotten (they get a new peerId). */
const MAX_PEERS_PER_SESSION = 500;

/** 128 random bits, base64url (22 characters). */
export function randomId(): string {
  return randomBytes(16).toString('base64url');
}

function hashKey(clientKey: string): string {
  return createHash('sha256').update(clientKey).digest('base64url');
}

type Log = (event: string, fields?: Record<string, unknown>) => void;

export class SessionStore {
  readonly sessions = new Map<string, RelaySession>();
  private readonly file: string;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataDir: string,
    private readonly ttlMs: number,
    private readonly log: Log,
  ) {
    this.file = join(dataDir, FILE_NAME);
  }

  /** Reads the saved sessions, keeping those not yet expired and whose view still validates. */
  load(now: number): void {
    mkdirSync(this.dataDir, { recursive: true });
    let saved: unknown;
    try {
      saved = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch {
      return; // none yet, or unreadable: start empty
    }
    const entries = (saved as { version?: unknown; sessions?: unknown })?.sessions;
    if ((saved as { version?: unknown }).version !== FILE_VERSION || !Array.isArray(entries)) return;
    let dropped = 0;
    for (const entry of entries as Record<string, unknown>[]) {
      const session = this.sessionOf(entry);
      if (session && now - session.lastActivity < this.ttlMs) this.sessions.set(session.id, session);
      else dropped += 1;
    }
    this.log('sessions-loaded', { sessions: this.sessions.size, dropped });
  }

  private sessionOf(entry: Record<string, unknown>): RelaySession | undefined {
    const { id, presenterPeerId, peerIdsByKeyHash, view, revision, lastActivity } = entry;
    if (typeof id !== 'string' || typeof presenterPeerId !== 'string' || typeof revision !== 'number' || typeof lastActivity !== 'number') return undefined;
    if (typeof peerIdsByKeyHash !== 'object' || peerIdsByKeyHash === null) return undefined;
    let checkedView: SharedSession | null = null;
    if (view !== null) {
      const checked = validateSharedSession(view);
      if (!checked.ok) return undefined;
      checkedView = checked.session;
    }
    const peers = new Map(Object.entries(peerIdsByKeyHash as Record<string, unknown>).filter((pair): pair is [string, string] => typeof pair[1] === 'string'));
    return { id, presenterPeerId, peerIdsByKeyHash: peers, view: checkedView, revision, lastActivity };
  }

  /** A new session presented by `clientKey`'s holder. */
  create(clientKey: string, now: number): RelaySession {
    const presenterPeerId = randomId();
    const session: RelaySession = { id: randomId(), presenterPeerId, peerIdsByKeyHash: new Map([[hashKey(clientKey), presenterPeerId]]), view: null, revision: 0, lastActivity: now };
    this.sessions.set(session.id, session);
    this.scheduleSave();
    return session;
  }

  /** The peerId of `clientKey` in `session`, given one on first sight. */
  peerIdOf(session: RelaySession, clientKey: string): string {
    const hash = hashKey(clientKey);
    let peerId = session.peerIdsByKeyHash.get(hash);
    if (!peerId) {
      peerId = randomId();
      session.peerIdsByKeyHash.set(hash, peerId);
      if (session.peerIdsByKeyHash.size > MAX_PEERS_PER_SESSION) {
        const oldest = [...session.peerIdsByKeyHash].find(([, id]) => id !== session.presenterPeerId);
        if (oldest) session.peerIdsByKeyHash.delete(oldest[0]);
      }
      this.scheduleSave();
    }
    return peerId;
  }

  expiresAt(session: RelaySession): number {
    return session.lastActivity + this.ttlMs;
  }

  /** Removes and returns the sessions idle for longer than the TTL. */
  takeExpired(now: number): RelaySession[] {
    const expired = [...this.sessions.values()].filter((session) => now >= this.expiresAt(session));
    for (const session of expired) this.sessions.delete(session.id);
    if (expired.length > 0) this.scheduleSave();
    return expired;
  }

  scheduleSave(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      // Writes are chained so an older snapshot never lands after a newer one.
      this.saving = this.saving.then(() => this.write()).catch((error: unknown) => this.log('save-failed', { reason: String(error) }));
    }, SAVE_DELAY_MS);
  }

  /** Writes now, after any write in flight (on close, so a clean restart loses nothing). */
  async flush(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    await this.saving;
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, this.serialise());
    renameSync(temp, this.file);
  }

  private async write(): Promise<void> {
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, this.serialise());
    await rename(temp, this.file);
  }

  private serialise(): string {
    const sessions = [...this.sessions.values()].map((session) => ({ ...session, peerIdsByKeyHash: Object.fromEntries(session.peerIdsByKeyHash) }));
    return JSON.stringify({ version: FILE_VERSION, sessions });
  }
}
