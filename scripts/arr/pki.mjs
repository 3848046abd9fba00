// The test PKI of the audit record repository (ARR), made with openssl into .data/arr/pki and
// never committed: a CA, the ARR's server certificate (127.0.0.1 / localhost), the audit sink's
// client certificate (mutual authentication, as IHE ATNA asks), and a second, unrelated CA with a
// server certificate of its own, to stand in for an ARR the sink must refuse.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../lib/background-service.mjs';

export const PKI_DIR = join(REPO_ROOT, '.data/arr/pki');

/** Paths of the PEM files; `make()` writes any that are missing. */
export const PKI = {
  ca: join(PKI_DIR, 'ca.pem'),
  arrCert: join(PKI_DIR, 'arr.pem'),
  arrKey: join(PKI_DIR, 'arr.key'),
  sinkCert: join(PKI_DIR, 'sink.pem'),
  sinkKey: join(PKI_DIR, 'sink.key'),
  otherCa: join(PKI_DIR, 'other-ca.pem'),
  otherArrCert: join(PKI_DIR, 'other-arr.pem'),
  otherArrKey: join(PKI_DIR, 'other-arr.key'),
};

const openssl = (...args) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
const DAYS = '3650';

function makeCa(name, cert, key) {
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', DAYS, '-subj', `/O=Longview test/CN=${name}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
}

/** A leaf certificate for `commonName`, signed by the CA at caCert/caKey, for server or client use. */
function makeLeaf({ commonName, cert, key, caCert, caKey, usage }) {
  const csr = `${cert}.csr`;
  const extensions = `${cert}.ext`;
  openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', csr, '-subj', `/O=Longview test/CN=${commonName}`);
  writeFileSync(
    extensions,
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyAgreement',
      `extendedKeyUsage=${usage === 'server' ? 'serverAuth' : 'clientAuth'}`,
      usage === 'server' ? 'subjectAltName=IP:127.0.0.1,DNS:localhost' : `subjectAltName=DNS:${commonName}`,
    ].join('\n'),
  );
  openssl('x509', '-req', '-in', csr, '-CA', caCert, '-CAkey', caKey, '-CAcreateserial', '-out', cert, '-days', DAYS, '-extfile', extensions);
}

/** Writes the PKI once; later calls find it and return at once. */
export function makePki() {
  if (Object.values(PKI).every((path) => existsSync(path))) return PKI;
  mkdirSync(PKI_DIR, { recursive: true });
  const caKey = join(PKI_DIR, 'ca.key');
  const otherCaKey = join(PKI_DIR, 'other-ca.key');
  makeCa('Longview test ARR CA', PKI.ca, caKey);
  makeLeaf({ commonName: 'longview-arr', cert: PKI.arrCert, key: PKI.arrKey, caCert: PKI.ca, caKey, usage: 'server' });
  makeLeaf({ commonName: 'longview-audit-sink', cert: PKI.sinkCert, key: PKI.sinkKey, caCert: PKI.ca, caKey, usage: 'client' });
  makeCa('Unrelated CA', PKI.otherCa, otherCaKey);
  makeLeaf({ commonName: 'unrelated-arr', cert: PKI.otherArrCert, key: PKI.otherArrKey, caCert: PKI.otherCa, caKey: otherCaKey, usage: 'server' });
  return PKI;
}
