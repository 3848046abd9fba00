import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { formatDicomDate, getString, type DicomJson } from '@longview/dicom-meta';
import { isRequestCancelled, type ArchiveClient, type StudySummary } from '@longview/dicomweb';
import { useRecordAudit } from '../audit/AuditContext';
import { findEarlierPhotosOfSite } from './earlierPhotos';
import { iccProfileNote, lateralityName, photoSiteOf } from './photoSite';

interface PhotoDetailsProps {
  archive: ArchiveClient;
  studyUid: string;
  study: StudySummary | undefined;
  /** The photograph's metadata (its first instance). */
  metadata: DicomJson;
}

/**
 * What a clinician needs to trust a visible-light photograph (dermatology, wound, clinical
 * photo, secondary capture), drawn over it: which side and where on the body, when it was
 * taken, what happened to its colour profile, and the way to earlier photos of the same site.
 * The stack viewport shows the picture itself: true colour (RGB, and YBR JPEG decoded to RGB),
 * zoom and pan.
 */
export function PhotoDetails({ archive, studyUid, study, metadata }: PhotoDetailsProps) {
  const site = photoSiteOf(metadata);
  const taken = (getString(metadata, 'AcquisitionDateTime')?.slice(0, 8) ?? getString(metadata, 'ContentDate')) || getString(metadata, 'StudyDate');
  const icc = iccProfileNote(metadata);
  const modality = getString(metadata, 'Modality');
  const navigate = useNavigate();
  const recordAudit = useRecordAudit();
  const [search, setSearch] = useState<{ kind: 'idle' | 'searching' | 'none' | 'failed' }>({ kind: 'idle' });
  const controllerRef = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => controllerRef.current?.abort(), []);

  const compareEarlier = () => {
    if (!study) return;
    controllerRef.current?.abort();
    const controller = new AbortController();
    controllerRef.current = controller;
    setSearch({ kind: 'searching' });
    findEarlierPhotosOfSite(archive, recordAudit, { study, studyUid, modality, metadata }, controller.signal).then(
      (earlier) => {
        const latest = earlier[0];
        if (!latest) setSearch({ kind: 'none' });
        // The comparison view: this photo beside the latest earlier one, each under its own date.
        else navigate(`/compare/${archive.id}/${studyUid}/${archive.id}/${latest.studyUid}`);
      },
      (error: unknown) => {
        if (!isRequestCancelled(error)) setSearch({ kind: 'failed' });
      },
    );
  };

  return (
    <div className="photo-details" data-testid="photo-details">
      <div>
        {site.laterality ? <span data-testid="photo-laterality">{lateralityName(site.laterality)}</span> : null}
        {site.anatomicRegion ? <span data-testid="photo-region">{site.anatomicRegion}</span> : null}
        {site.bodyPart ? <span data-testid="photo-body-part">{site.bodyPart}</span> : null}
        {taken ? <span data-testid="photo-date">Taken {formatDicomDate(taken)}</span> : null}
      </div>
      {icc ? <div data-testid="photo-icc">{icc}</div> : null}
      <div>
        <button type="button" onClick={compareEarlier} disabled={!study || search.kind === 'searching'}>
          Compare earlier photos of this site
        </button>{' '}
        <span role="status">
          {search.kind === 'searching' ? 'Looking for earlier photos…' : null}
          {search.kind === 'none' ? 'No earlier photo of this site in this record.' : null}
          {search.kind === 'failed' ? 'The archive could not be searched for earlier photos.' : null}
        </span>
      </div>
    </div>
  );
}
