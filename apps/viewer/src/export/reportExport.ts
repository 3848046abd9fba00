import { useCallback } from 'react';
import type { ArchiveClient, StudySummary } from '@longview/dicomweb';
import { archiveReference, patientOf } from '../audit/archiveAudit';
import { useRecordAudit } from '../audit/AuditContext';
import type { ExportRecord } from './exportFormat';

const DESTINATION: Record<ExportRecord['format'], string> = {
  'dicom-deidentified': 'de-identified DICOM ZIP download',
  png: 'PNG image download (no overlay)',
};

/**
 * THE call site for auditing exports: every successful export (DICOM or PNG) ends here, once,
 * with what left the viewer, recorded as an Export audit event (DCM 110106) naming the original
 * study and the record it belongs to. UIDs, a format and a count: no PHI leaves in the record.
 */
export function useExportAudit(archive: ArchiveClient | undefined, study: StudySummary | undefined): (record: ExportRecord) => void {
  const recordAudit = useRecordAudit();
  return useCallback(
    (record: ExportRecord) => {
      if (!archive) return;
      recordAudit({
        kind: 'export',
        archive: archiveReference(archive),
        studyUids: [record.studyUid],
        patient: patientOf(archive, study),
        destination: `${DESTINATION[record.format]}: ${record.seriesUids.length} series, ${record.instanceCount} instances`,
        outcome: { kind: 'success' },
      });
    },
    [recordAudit, archive, study],
  );
}
