// The sink's durable store: an append-only JSON-lines file, one AuditEvent per line, each
// write fsync'd before the sink answers, and an in-memory index of ids rebuilt at start.
// (Node 20 has no node:sqlite; better-sqlite3 needs GitHub prebuilds or a compiler.)
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export function openAuditStore(file) {
  mkdirSync(dirname(file), { recursive: true });
  const events = [];
  const ids = new Set();
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const { resource } = JSON.parse(line);
      if (!ids.has(resource.id)) {
        ids.add(resource.id);
        events.push(resource);
      }
    } catch {
      // A line cut short by a crash mid-write: the client never got an answer for it and
      // will resend the event, so skipping the fragment loses nothing.
    }
  }
  const fd = openSync(file, 'a');
  // Start on a fresh line if the last write was cut short.
  if (text !== '' && !text.endsWith('\n')) writeSync(fd, '\n');
  return {
    has: (id) => ids.has(id),
    /** Appends the events not yet held and makes them durable; returns those it added. */
    append(resources) {
      const fresh = resources.filter((r, i) => !ids.has(r.id) && resources.findIndex((o) => o.id === r.id) === i);
      if (fresh.length === 0) return [];
      const receivedAt = new Date().toISOString();
      writeSync(fd, fresh.map((resource) => `${JSON.stringify({ receivedAt, resource })}\n`).join(''));
      fsyncSync(fd);
      for (const resource of fresh) {
        ids.add(resource.id);
        events.push(resource);
      }
      return fresh;
    },
    all: () => events,
    close: () => closeSync(fd),
  };
}
