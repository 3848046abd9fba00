// One audit event as an IHE ATNA syslog message: RFC 5424 with the DICOM audit message
// (PS3.15 A.5) as its MSG, framed for TLS transport (RFC 5425) by octet counting (RFC 6587 3.4.1).
import { hostname } from 'node:os';

/**
 * Facility 10 (security/authorization), as IHE ITI TF-2 3.20.4.2.2 asks; severity 5 (notice) for
 * a success and 4 (warning) for a failure, which the same section allows.
 */
const FACILITY = 10;
const severityOf = (event) => (event.outcome === '0' ? 5 : 4);

/** IHE's MSGID for audit messages, and an APP-NAME that says which system wrote them. */
export const SYSLOG_APP_NAME = 'Longview';
export const SYSLOG_MSGID = 'IHE+RFC-3881';

/**
 * The AuditEvent's id travels in a structured-data element, so that an auditor (or a test) can tell
 * a resent event from a new one: the DICOM audit message itself has no field for it. 32473 is the
 * private enterprise number RFC 5612 sets aside for documentation; a site with its own PEN sets
 * LONGVIEW_ARR_SD_ID (e.g. "longview@<its PEN>").
 */
export const DEFAULT_SD_ID = 'longview@32473';

const HOST = (hostname() || '-').replace(/[^\x21-\x7e]/g, '').slice(0, 255) || '-';

/** RFC 5424 PARAM-VALUE escaping: '"', '\' and ']' take a backslash. */
const paramValue = (value) => value.replace(/["\\\]]/g, (c) => `\\${c}`);

/** The RFC 5424 message (header, structured data, MSG) for one event whose DICOM audit XML is `xml`. */
export function syslogMessage(event, xml, { sdId = DEFAULT_SD_ID, procId = String(process.pid) } = {}) {
  const pri = FACILITY * 8 + severityOf(event);
  const timestamp = new Date().toISOString();
  return `<${pri}>1 ${timestamp} ${HOST} ${SYSLOG_APP_NAME} ${procId} ${SYSLOG_MSGID} [${sdId} auditEventId="${paramValue(event.id)}"] ${xml}`;
}

/** RFC 6587 octet counting: the message's length in bytes, a space, the message. */
export function octetCountedFrame(message) {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `, 'ascii'), body]);
}
