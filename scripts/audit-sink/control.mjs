// Starts and stops the audit sink as a background process (demo, e2e global setup, and the
// audit e2e test, which takes the sink down and up again), forwarding to the project's audit
// record repository (scripts/arr). State: .data/audit/sink.pid.
import { arrForwardingEnvironment } from '../arr/rsyslog.mjs';
import { backgroundService } from '../lib/background-service.mjs';
import { AUDIT_SINK_PORT } from './sink.mjs';

export const AUDIT_SINK_URL = `http://127.0.0.1:${AUDIT_SINK_PORT}`;

const sink = backgroundService({
  name: 'audit sink',
  id: 'sink',
  script: 'scripts/audit-sink/sink.mjs',
  stateDir: '.data/audit',
  healthUrl: `${AUDIT_SINK_URL}/health`,
  // Forwarding to the project's ARR (scripts/arr), retried at least every 5 s once it is down.
  env: { ...arrForwardingEnvironment(), LONGVIEW_ARR_RETRY_MAX_MS: '5000' },
});

export const isAuditSinkUp = sink.isUp;
export const startAuditSink = sink.start;
export const stopAuditSink = sink.stop;

if (import.meta.url === `file://${process.argv[1]}`) await sink.runCommandLine('node scripts/audit-sink/control.mjs');
