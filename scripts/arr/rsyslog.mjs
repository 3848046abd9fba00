// The audit record repository (ARR) the demo and the tests run: Debian's rsyslog with its GnuTLS
// driver, listening on 127.0.0.1 for TLS syslog (RFC 5425, octet-counted frames) and writing each
// message it receives, one per line in RFC 5424 form, to a file under .data/arr/<id>/. Its own
// configuration file: it never touches the machine's rsyslog.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import tls from 'node:tls';
import { join } from 'node:path';
import { backgroundService, REPO_ROOT } from '../lib/background-service.mjs';
import { makePki, PKI } from './pki.mjs';

export const ARR_PORT = 16514;
/** An ARR whose certificate comes from another CA: the sink must send it nothing. */
export const UNTRUSTED_ARR_PORT = 16515;

function rsyslogConfig({ dir, port, cert, key, ca, authMode }) {
  // maxMessageSize before any module: a patient query's message names every study it disclosed.
  return `global(
  workDirectory="${join(dir, 'work')}"
  maxMessageSize="1m"
  defaultNetstreamDriver="gtls"
  defaultNetstreamDriverCAFile="${ca}"
  defaultNetstreamDriverCertFile="${cert}"
  defaultNetstreamDriverKeyFile="${key}"
)
module(load="imtcp" StreamDriver.Name="gtls" StreamDriver.Mode="1" StreamDriver.AuthMode="${authMode}" MaxSessions="200")
ruleset(name="arr") {
  action(type="omfile" file="${join(dir, 'messages.log')}" template="RSYSLOG_SyslogProtocol23Format" flushOnTXEnd="on" asyncWriting="off")
}
input(type="imtcp" port="${port}" address="127.0.0.1" ruleset="arr")
`;
}

/** True once a TLS handshake with the ARR on `port` completes (the sink's client certificate offered). */
function handshakes(port) {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, cert: readFileSync(PKI.sinkCert), key: readFileSync(PKI.sinkKey), rejectUnauthorized: false, timeout: 1000 });
    const done = (isUp) => {
      socket.destroy();
      resolve(isUp);
    };
    // A clean close (TLS close_notify), so that probing leaves no error in the ARR's log.
    socket.once('secureConnect', () => socket.end(() => resolve(true)));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/**
 * One rsyslog ARR. `trusted`: the ARR of the hospital, its certificate from the CA the sink is
 * configured with, requiring a client certificate from that CA; otherwise a stranger with its own
 * CA that takes anyone, so that only the sink's own check can keep events from it.
 */
export function arrService({ id = 'arr', port = ARR_PORT, trusted = true } = {}) {
  const dir = join(REPO_ROOT, '.data/arr', id);
  const configFile = join(dir, 'rsyslog.conf');
  const service = backgroundService({
    name: `audit record repository (rsyslog, ${id})`,
    id: 'rsyslog',
    command: '/usr/sbin/rsyslogd',
    args: ['-n', '-f', configFile, '-i', join(dir, 'rsyslogd.pid')],
    stateDir: `.data/arr/${id}`,
    probe: () => handshakes(port),
  });
  async function start() {
    makePki();
    mkdirSync(join(dir, 'work'), { recursive: true });
    const config = trusted
      ? rsyslogConfig({ dir, port, cert: PKI.arrCert, key: PKI.arrKey, ca: PKI.ca, authMode: 'x509/certvalid' })
      : rsyslogConfig({ dir, port, cert: PKI.otherArrCert, key: PKI.otherArrKey, ca: PKI.otherCa, authMode: 'anon' });
    writeFileSync(configFile, config);
    await service.start();
  }
  return {
    isUp: service.isUp,
    start,
    stop: service.stop,
    /** The file rsyslog writes: one received message per line. */
    messagesFile: join(dir, 'messages.log'),
    port,
    /** `node <control script> start|stop|status`. */
    async runCommandLine(usage) {
      const command = process.argv[2];
      if (command === 'start') await start();
      else if (command === 'stop') await service.stop();
      else if (command === 'status') console.log((await service.isUp()) ? 'up' : 'down');
      else {
        console.error(`usage: ${usage} start|stop|status`);
        process.exit(2);
      }
    },
    /** Every message line received so far. */
    messages() {
      return existsSync(join(dir, 'messages.log')) ? readFileSync(join(dir, 'messages.log'), 'utf8').split('\n').filter((line) => line !== '') : [];
    },
  };
}

/** What the audit sink needs to forward to the project's ARR (environment of the sink process). */
export function arrForwardingEnvironment(port = ARR_PORT) {
  makePki();
  return {
    LONGVIEW_ARR: `127.0.0.1:${port}`,
    LONGVIEW_ARR_CA: PKI.ca,
    LONGVIEW_ARR_CERT: PKI.sinkCert,
    LONGVIEW_ARR_KEY: PKI.sinkKey,
  };
}
