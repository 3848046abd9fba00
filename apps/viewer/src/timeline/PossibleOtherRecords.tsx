import { useState } from 'react';
import { Link } from 'react-router-dom';
import { formatDicomDate, formatPersonName } from '@longview/dicom-meta';
import type { PossibleOtherRecord } from '@longview/patient-identity';
import { useArchives } from '../archives/ArchivesContext';

/**
 * Records that share the patient's name and birth date but are not linked to them. They are
 * never merged: the reader has to open this deliberately, and each record opens on its own.
 */
export function PossibleOtherRecords({ records }: { records: PossibleOtherRecord[] }) {
  const [isOpen, setIsOpen] = useState(false);
  const { byId } = useArchives();
  if (records.length === 0) return null;
  return (
    <div className="possible-others" data-testid="possible-others">
      <button type="button" aria-expanded={isOpen} onClick={() => setIsOpen((open) => !open)}>
        {records.length} possible other {records.length === 1 ? 'record' : 'records'} (same name and birth date, not linked)
      </button>
      {isOpen ? (
        <div className="possible-others-panel">
          <p className="warning-text">
            These records are <strong>not</strong> known to be this patient: nothing in the data (or the master patient index, when there is one) links them. They are not part of this
            timeline. Open one only to check it; it opens as a separate patient.
          </p>
          <ul>
            {records.map(({ record, studies }) => {
              const newest = studies[0];
              return (
                <li key={`${record.archiveId}/${record.patientId}/${record.issuer ?? ''}`} data-testid="possible-other-record" data-patient-id={record.patientId}>
                  {formatPersonName(record.name)} · ID {record.patientId} ({record.issuer ?? byId(record.archiveId)?.config.patientIdIssuer ?? 'no issuer'}) · born{' '}
                  {formatDicomDate(record.birthDate)} · {byId(record.archiveId)?.config.name} · {studies.length} {studies.length === 1 ? 'study' : 'studies'}
                  {newest ? (
                    <>
                      {' '}
                      <Link to={`/timeline/${newest.archiveId}/${newest.studyInstanceUid}`}>Open as a separate patient</Link>
                    </>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
