// Starts and stops the test EHR (authorization server, FHIR endpoint, chart picker, archive
// guards: ehr.mjs) as a background process, for the demo and the e2e global setup.
// State: .data/ehr/ehr.pid, log in .data/ehr/ehr.log.
import { backgroundService } from '../lib/background-service.mjs';

export const EHR_URL = 'http://127.0.0.1:18100';

const ehr = backgroundService({
  name: 'test EHR',
  id: 'ehr',
  script: 'scripts/ehr/ehr.mjs',
  stateDir: '.data/ehr',
  healthUrl: `${EHR_URL}/health`,
});

export const isEhrUp = ehr.isUp;
export const startEhr = ehr.start;
export const stopEhr = ehr.stop;

if (import.meta.url === `file://${process.argv[1]}`) await ehr.runCommandLine('node scripts/ehr/control.mjs');
