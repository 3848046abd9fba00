// Starts and stops the project's audit record repository (rsyslog with TLS): demo, e2e global
// setup, and the ARR e2e test, which takes it down and up again. State: .data/arr/arr/.
import { arrService } from './rsyslog.mjs';

export const arr = arrService();

if (import.meta.url === `file://${process.argv[1]}`) await arr.runCommandLine('node scripts/arr/control.mjs');
