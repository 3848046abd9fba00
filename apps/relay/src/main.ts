// The relay as a process (scripts/relay/control.mjs starts several behind nginx): loopback
// only, its sessions in the Redis at LONGVIEW_REDIS_URL, shared with every other relay there.
import { createRelayServer } from './relayServer';

function numberSetting(name: string, fallback: number): number {
  const text = process.env[name];
  const value = text === undefined || text === '' ? fallback : Number(text);
  if (!(Number.isFinite(value) && value > 0)) {
    console.error(`${name} must be a positive number (got "${text}").`);
    process.exit(2);
  }
  return value;
}

const port = numberSetting('LONGVIEW_RELAY_PORT', 18111);
const redisUrl = process.env.LONGVIEW_REDIS_URL || 'redis://127.0.0.1:18120';
const relay = await createRelayServer({
  host: process.env.LONGVIEW_RELAY_HOST || '127.0.0.1',
  port,
  redisUrl,
  sessionTtlMs: numberSetting('LONGVIEW_RELAY_SESSION_TTL_S', 43200) * 1000,
  maxSessions: numberSetting('LONGVIEW_RELAY_MAX_SESSIONS', 10_000),
  maxAttendeesPerSession: numberSetting('LONGVIEW_RELAY_MAX_ATTENDEES', 100),
  rateLimit: { perSecond: numberSetting('LONGVIEW_RELAY_RATE_PER_S', 60), burst: numberSetting('LONGVIEW_RELAY_RATE_BURST', 120) },
});
let isClosing = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (isClosing) return;
    isClosing = true;
    relay.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
