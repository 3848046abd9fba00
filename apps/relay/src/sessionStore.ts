/**
 * The relay's sessions, kept in Redis so that any number of relay processes serve the same
 * sessions: a presenter on one relay and attendees on another see one session. Redis holds
 * each session's state and expiry; Redis pub/sub carries every message to the relays that have
 * attendees of that session. Nothing about a session lives only in one relay's memory, so a
 * relay can die and its clients carry on through another.
 *
 * Per session (ids are 128 random bits; `{id}` keeps a session's keys in one cluster slot):
 * - `<prefix>{id}:session`  hash: presenter (peerId), revision, view (the latest `view` message
 *                           as relays send it, its SharedSession validated)
 * - `<prefix>{id}:keys`     hash: sha256(clientKey) → peerId; keys are hashed so Redis never
 *                           holds a secret that would let its reader present
 * - `<prefix>{id}:roster`   hash: `<relayId>/<connectionId>` → {peerId, displayName}
 * - `<prefix>{id}:channel`  the pub/sub channel of the session's messages
 * - `<prefix>sessions`      sorted set: session id by expiry time (counting live sessions)
 * - `<prefix>relay:<relayId>`  a key each relay keeps alive (5 s); roster entries of a relay
 *                           whose key is gone (killed) are dropped when the roster is next read
 *
 * Every change is one Lua script, so the checks (is this the presenter? is this revision newer?
 * is the session full?) and the change and its publication are one atomic step in Redis:
 * relays never disagree on who presents or on the order of views.
 *
 * A published message is `<from>\n<kind>\n<relay message JSON>`: `from` the sending
 * connection (it gets no echo), `kind` "relay" (pass it on), "view <revision>" (pass it on; the
 * revision read without parsing the view) or "end" (close everyone).
 */
import { createHash, randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { parseRelayMessage, type LivePeer } from '@longview/live-session';
import { validateSharedSession, type SharedSession } from '@longview/shared-view';

/** 128 random bits, base64url (22 characters). */
export function randomId(): string {
  return randomBytes(16).toString('base64url');
}

function hashKey(clientKey: string): string {
  return createHash('sha256').update(clientKey).digest('base64url');
}

export interface StoredSession {
  presenterPeerId: string;
  view: SharedSession | null;
  revision: number;
}

export type JoinResult =
  | { kind: 'ok'; peerId: string; session: StoredSession }
  | { kind: 'ended' }
  | { kind: 'full' };

/** The presenter-only changes: refused unless `peerId` presents the session (and it still exists). */
export type PresenterResult = { kind: 'ok' } | { kind: 'ended' } | { kind: 'not-presenter' } | { kind: 'stale'; revision: number } | { kind: 'absent' };

export type PublishedMessage = { from: string; text: string } & ({ kind: 'relay' | 'end' } | { kind: 'view'; revision: number });

export function parsePublished(raw: string): PublishedMessage | undefined {
  const first = raw.indexOf('\n');
  const second = raw.indexOf('\n', first + 1);
  if (first < 0 || second < 0) return undefined;
  const kind = raw.slice(first + 1, second);
  const [from, text] = [raw.slice(0, first), raw.slice(second + 1)];
  if (kind === 'relay' || kind === 'end') return { from, kind, text };
  const view = /^view (\d+)$/.exec(kind);
  return view ? { from, kind: 'view', revision: Number(view[1]), text } : undefined;
}

const published = (from: string, kind: 'relay' | 'end', text: string) => `${from}\n${kind}\n${text}`;

/** Every session script gets KEYS session, keys, roster, index and ARGV id, ttlMs, nowMs first. */
const PRELUDE = `
local function touch()
  local ttl = tonumber(ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
  redis.call('PEXPIRE', KEYS[3], ttl)
  redis.call('ZADD', KEYS[4], tonumber(ARGV[3]) + ttl, ARGV[1])
end
local function presenterCheck(peerId)
  local presenter = redis.call('HGET', KEYS[1], 'presenter')
  if not presenter then return 'ended' end
  if presenter ~= peerId then return 'not-presenter' end
  return nil
end
`;

const SCRIPTS = {
  // ARGV 4 presenterPeerId, 5 keyHash, 6 maxSessions
  lvCreate: `
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', ARGV[3])
if redis.call('ZCARD', KEYS[4]) >= tonumber(ARGV[6]) then return 0 end
redis.call('HSET', KEYS[1], 'presenter', ARGV[4], 'revision', 0, 'view', '')
redis.call('HSET', KEYS[2], ARGV[5], ARGV[4])
touch()
return 1`,
  // ARGV 4 keyHash, 5 candidate peerId, 6 roster field, 7 displayName, 8 maxAttendees
  lvJoin: `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'ended'} end
local max = tonumber(ARGV[8])
if redis.call('HLEN', KEYS[3]) >= max then return {'full'} end
local peer = redis.call('HGET', KEYS[2], ARGV[4])
if not peer then
  -- Remembered attendees are bounded too, so joining under ever new keys cannot grow it without end.
  if redis.call('HLEN', KEYS[2]) >= max * 10 then return {'full'} end
  peer = ARGV[5]
  redis.call('HSET', KEYS[2], ARGV[4], peer)
end
redis.call('HSET', KEYS[3], ARGV[6], cjson.encode({peerId = peer, displayName = ARGV[7]}))
touch()
local s = redis.call('HMGET', KEYS[1], 'presenter', 'revision', 'view')
return {'ok', peer, s[1], s[2], s[3]}`,
  // ARGV 4 roster field
  lvLeave: `
redis.call('HDEL', KEYS[3], ARGV[4])
return 1`,
  // ARGV 4 peerId, 5 revision, 6 the view message, 7 channel, 8 sender. The message is kept as
  // sent and published as kept: one copy of it crosses to Redis, and it is serialised once.
  lvView: `
local refused = presenterCheck(ARGV[4])
if refused then return {refused} end
local current = tonumber(redis.call('HGET', KEYS[1], 'revision'))
if tonumber(ARGV[5]) <= current then return {'stale', tostring(current)} end
redis.call('HSET', KEYS[1], 'revision', ARGV[5], 'view', ARGV[6])
touch()
redis.call('PUBLISH', ARGV[7], ARGV[8] .. '\\nview ' .. ARGV[5] .. '\\n' .. ARGV[6])
return {'ok'}`,
  // ARGV 4 peerId, 5 channel, 6 published message
  lvPresenterPublish: `
local refused = presenterCheck(ARGV[4])
if refused then return {refused} end
touch()
redis.call('PUBLISH', ARGV[5], ARGV[6])
return {'ok'}`,
  // ARGV 4 peerId, 5 new presenter peerId, 6 channel, 7 published message
  lvHand: `
local refused = presenterCheck(ARGV[4])
if refused then return {refused} end
local isHere = false
for _, value in ipairs(redis.call('HVALS', KEYS[3])) do
  if cjson.decode(value).peerId == ARGV[5] then isHere = true end
end
if not isHere then return {'absent'} end
redis.call('HSET', KEYS[1], 'presenter', ARGV[5])
touch()
redis.call('PUBLISH', ARGV[6], ARGV[7])
return {'ok'}`,
  // ARGV 4 peerId, 5 channel, 6 published message
  lvEnd: `
local refused = presenterCheck(ARGV[4])
if refused then return {refused} end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('PUBLISH', ARGV[5], ARGV[6])
return {'ok'}`,
  // ARGV 4 channel, 5 relay key prefix. Publishes (and returns) the roster as a peers message,
  // dropping entries of relays that are no longer alive.
  lvRoster: `
local presenter = redis.call('HGET', KEYS[1], 'presenter')
if not presenter then return false end
local entries = redis.call('HGETALL', KEYS[3])
local alive, seen, peers = {}, {}, {}
for i = 1, #entries, 2 do
  local relay = string.match(entries[i], '^([^/]+)/') or ''
  if alive[relay] == nil then alive[relay] = redis.call('EXISTS', ARGV[5] .. relay) == 1 end
  if not alive[relay] then
    redis.call('HDEL', KEYS[3], entries[i])
  else
    local entry = cjson.decode(entries[i + 1])
    if not seen[entry.peerId] then
      seen[entry.peerId] = true
      peers[#peers + 1] = cjson.encode({peerId = entry.peerId, displayName = entry.displayName, isPresenter = entry.peerId == presenter})
    end
  end
end
local message = '{"type":"peers","peers":[' .. table.concat(peers, ',') .. ']}'
redis.call('PUBLISH', ARGV[4], '\\nrelay\\n' .. message)
return message`,
} as const;

type ScriptName = keyof typeof SCRIPTS;
type ScriptRedis = Redis & { [name in ScriptName]: (...args: string[]) => Promise<unknown> };

export interface SessionStoreOptions {
  redisUrl: string;
  /** Prefixes every key and channel (tests share one Redis). */
  keyPrefix?: string;
  ttlMs: number;
  maxSessions: number;
  maxAttendeesPerSession: number;
  log: (event: string, fields?: Record<string, unknown>) => void;
  /** Called for every message published on a session channel this relay listens to. */
  onMessage: (sessionId: string, message: PublishedMessage) => void;
  /** Called when the store becomes usable (true) or stops being (false). */
  onAvailability: (isAvailable: boolean) => void;
}

const RELAY_ALIVE_MS = 5000;
const RELAY_REFRESH_MS = 1500;

const redisOptions = {
  // A relay without Redis must answer at once that it cannot serve, not queue work for later.
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  // Subscriptions are the relay's own business: after a reconnect it has no local attendees.
  autoResubscribe: false,
  lazyConnect: true,
  connectTimeout: 2000,
  retryStrategy: (attempt: number) => Math.min(100 * attempt, 1000),
};

export class SessionStore {
  /**
   * This relay's name in rosters. A new one after every loss of Redis: the sockets it had are
   * gone by then, and their roster entries, under the old name, lapse with its liveness key.
   */
  relayId: string;
  private readonly command: ScriptRedis;
  private readonly subscriber: Redis;
  private readonly prefix: string;
  private aliveTimer: ReturnType<typeof setInterval> | undefined;
  private isAvailableNow = false;
  private isClosed = false;

  constructor(private readonly options: SessionStoreOptions) {
    this.prefix = options.keyPrefix ?? 'lv:';
    this.relayId = randomId().slice(0, 12);
    this.command = new Redis(options.redisUrl, { ...redisOptions, scripts: Object.fromEntries(Object.entries(SCRIPTS).map(([name, body]) => [name, { lua: PRELUDE + body, numberOfKeys: 4 }])) }) as ScriptRedis;
    this.subscriber = new Redis(options.redisUrl, redisOptions);
    this.subscriber.on('message', (channel: string, raw: string) => {
      const sessionId = this.sessionIdOfChannel(channel);
      const message = parsePublished(raw);
      if (sessionId && message) options.onMessage(sessionId, message);
    });
    for (const connection of [this.command, this.subscriber]) {
      connection.on('ready', () => void this.checkAvailability());
      connection.on('close', () => void this.checkAvailability());
      // ioredis reports each failed attempt; availability already says what matters.
      connection.on('error', () => {});
    }
  }

  /** Starts connecting; the relay serves once Redis answers (onAvailability) and retries for ever. */
  start(): void {
    for (const connection of [this.command, this.subscriber]) connection.connect().catch(() => {});
    this.aliveTimer = setInterval(() => void this.refreshAlive(), RELAY_REFRESH_MS);
  }

  get isAvailable(): boolean {
    return this.isAvailableNow;
  }

  private async checkAvailability(): Promise<void> {
    const isReady = !this.isClosed && this.command.status === 'ready' && this.subscriber.status === 'ready';
    if (isReady && !this.isAvailableNow) await this.refreshAlive();
    if (isReady === this.isAvailableNow) return;
    this.isAvailableNow = isReady;
    if (!isReady) {
      this.relayId = randomId().slice(0, 12);
      // The relay drops every room; channels still subscribed (if only the other connection broke) go too.
      if (this.subscriber.status === 'ready') void this.subscriber.unsubscribe().catch(() => {});
    }
    this.options.log(isReady ? 'store-available' : 'store-unavailable', { relay: this.relayId });
    this.options.onAvailability(isReady);
  }

  private async refreshAlive(): Promise<void> {
    if (this.command.status !== 'ready') return;
    await this.command.set(`${this.prefix}relay:${this.relayId}`, '1', 'PX', RELAY_ALIVE_MS).catch(() => {});
  }

  rosterField(connectionId: string): string {
    return `${this.relayId}/${connectionId}`;
  }

  private keysOf(sessionId: string): string[] {
    const base = `${this.prefix}{${sessionId}}`;
    return [`${base}:session`, `${base}:keys`, `${base}:roster`, `${this.prefix}sessions`];
  }

  private channelOf(sessionId: string): string {
    return `${this.prefix}{${sessionId}}:channel`;
  }

  private sessionIdOfChannel(channel: string): string | undefined {
    const match = /\{([^}]+)\}:channel$/.exec(channel);
    return match?.[1];
  }

  private run(name: ScriptName, sessionId: string, ...args: string[]): Promise<unknown> {
    return this.command[name](...this.keysOf(sessionId), sessionId, String(this.options.ttlMs), String(Date.now()), ...args);
  }

  /** A new session presented by `clientKey`'s holder, or undefined when the relay's session limit is reached. */
  async create(clientKey: string): Promise<{ sessionId: string; expiresAt: number } | undefined> {
    const sessionId = randomId();
    const created = await this.run('lvCreate', sessionId, randomId(), hashKey(clientKey), String(this.options.maxSessions));
    return created === 1 ? { sessionId, expiresAt: Date.now() + this.options.ttlMs } : undefined;
  }

  async join(sessionId: string, connectionId: string, clientKey: string, displayName: string): Promise<JoinResult> {
    const reply = (await this.run('lvJoin', sessionId, hashKey(clientKey), randomId(), this.rosterField(connectionId), displayName, String(this.options.maxAttendeesPerSession))) as string[];
    if (reply[0] === 'ended') return { kind: 'ended' };
    if (reply[0] === 'full') return { kind: 'full' };
    const [, peerId, presenterPeerId, revision, viewText] = reply as [string, string, string, string, string];
    return { kind: 'ok', peerId, session: { presenterPeerId, revision: Number(revision), view: this.viewOf(viewText) } };
  }

  /** The view of the `view` message Redis gave back, validated again: what the store holds is never trusted blindly. */
  private viewOf(text: string): SharedSession | null {
    if (!text) return null;
    try {
      const checked = validateSharedSession((JSON.parse(text) as { view?: unknown })?.view);
      return checked.ok ? checked.session : null;
    } catch {
      return null;
    }
  }

  async leave(sessionId: string, connectionId: string): Promise<void> {
    await this.run('lvLeave', sessionId, this.rosterField(connectionId));
  }

  /**
   * Publishes the roster to every relay of the session and returns its peers, or undefined if
   * the session is gone. The `peers` message Redis built is validated like any relay message:
   * what the store holds is never trusted blindly.
   */
  async publishRoster(sessionId: string): Promise<LivePeer[] | undefined> {
    const message = await this.run('lvRoster', sessionId, this.channelOf(sessionId), `${this.prefix}relay:`);
    if (typeof message !== 'string') return undefined;
    const parsed = parseRelayMessage(message);
    if (!parsed.ok || parsed.message.type !== 'peers') throw new Error(`the session store's roster is malformed (${parsed.ok ? parsed.message.type : parsed.message})`);
    return parsed.message.peers;
  }

  /** Keeps and publishes `messageText`, the relay's `view` message of `revision`. */
  async publishView(sessionId: string, from: string, peerId: string, revision: number, messageText: string): Promise<PresenterResult> {
    return this.presenterResult(await this.run('lvView', sessionId, peerId, String(revision), messageText, this.channelOf(sessionId), from));
  }

  /** Passes a presenter's message (a pointer) to everyone without keeping it. */
  async publishFromPresenter(sessionId: string, from: string, peerId: string, messageText: string): Promise<PresenterResult> {
    return this.presenterResult(await this.run('lvPresenterPublish', sessionId, peerId, this.channelOf(sessionId), published(from, 'relay', messageText)));
  }

  async handControl(sessionId: string, peerId: string, to: string, messageText: string): Promise<PresenterResult> {
    return this.presenterResult(await this.run('lvHand', sessionId, peerId, to, this.channelOf(sessionId), published('', 'relay', messageText)));
  }

  async end(sessionId: string, peerId: string): Promise<PresenterResult> {
    return this.presenterResult(await this.run('lvEnd', sessionId, peerId, this.channelOf(sessionId), published('', 'end', '')));
  }

  private presenterResult(reply: unknown): PresenterResult {
    const [kind, revision] = reply as [string, string | undefined];
    if (kind === 'stale') return { kind: 'stale', revision: Number(revision) };
    if (kind === 'ok' || kind === 'ended' || kind === 'not-presenter' || kind === 'absent') return { kind };
    throw new Error(`unexpected reply from the session store: ${String(kind)}`);
  }

  async exists(sessionId: string): Promise<boolean> {
    return (await this.command.exists(this.keysOf(sessionId)[0]!)) === 1;
  }

  /** Sessions not yet expired, on every relay. */
  async sessionCount(): Promise<number> {
    return this.command.zcount(`${this.prefix}sessions`, Date.now(), '+inf');
  }

  subscribe(sessionId: string): Promise<unknown> {
    return this.subscriber.subscribe(this.channelOf(sessionId));
  }

  unsubscribe(sessionId: string): Promise<unknown> {
    return this.subscriber.unsubscribe(this.channelOf(sessionId)).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.isClosed = true;
    clearInterval(this.aliveTimer);
    if (this.command.status === 'ready') await this.command.del(`${this.prefix}relay:${this.relayId}`).catch(() => {});
    for (const connection of [this.command, this.subscriber]) connection.disconnect();
  }
}
