import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { ArchiveClient, DEFAULT_STUDY_LIST_LIMIT, type ViewerConfig } from '@longview/dicomweb';
import { identifierSystemMap } from '@longview/launch';
import { createPixmSource, identityRulesOf, type IdentityRules, type IdentitySource } from '@longview/patient-identity';
import { smartAccessToken } from './smartSession';
import { takeEarlyMpiAnswer } from '../boot/earlyTimeline';
import { useRecordAudit } from '../audit/AuditContext';
import { auditedPixmSource, pixmReference } from '../audit/mpiAudit';

interface Archives {
  all: readonly ArchiveClient[];
  byId: (id: string) => ArchiveClient | undefined;
  /** How patient IDs of different archives relate (configured issuers and their aliases). */
  identityRules: IdentityRules;
  /**
   * The master patient index (config.json identity.pixm), each question to it audited;
   * undefined: links in the data only.
   */
  identitySource: IdentitySource | undefined;
  /** Studies the study list shows of each archive's answer (config.json studyList.limit). */
  studyListLimit: number;
}

const ArchivesContext = createContext<Archives | undefined>(undefined);

/**
 * The MPI's fetch: a question the boot script already asked (boot/earlyTimeline.ts) is answered
 * by its response, once, read and audited as if asked now; one whose early request failed, and
 * every other, is asked.
 */
const fetchAdoptingEarlyMpiAnswers: typeof fetch = (input, init) => {
  const early = typeof input === 'string' ? takeEarlyMpiAnswer(input, init?.signal ?? undefined) : undefined;
  return early ? early.catch(() => fetch(input, init)) : fetch(input, init);
};

/** One ArchiveClient per configured archive, created once for the page's life. */
export function ArchivesProvider({ config, children }: { config: ViewerConfig; children: ReactNode }) {
  const recordAudit = useRecordAudit();
  const archives = useMemo<Archives>(() => {
    // The SMART access token goes only to archives configured for bearer tokens.
    const all = config.archives.map((archive) => new ArchiveClient(archive, archive.auth.kind === 'bearer' ? smartAccessToken : undefined));
    const mpi = config.identity.pixm;
    const systems = identifierSystemMap(config);
    const identitySource = mpi
      ? auditedPixmSource(
          recordAudit,
          createPixmSource({
            base: mpi.base,
            name: mpi.name,
            timeoutMs: mpi.timeoutMs,
            systems,
            // Like an archive's: the SMART session's token only to an MPI configured for one.
            accessToken: mpi.auth.kind === 'bearer' ? smartAccessToken : undefined,
            fetch: fetchAdoptingEarlyMpiAnswers,
          }),
          pixmReference(mpi),
          systems,
        )
      : undefined;
    return {
      all,
      identitySource,
      byId: (id) => all.find((client) => client.id === id),
      identityRules: identityRulesOf(config),
      studyListLimit: config.studyList?.limit ?? DEFAULT_STUDY_LIST_LIMIT,
    };
  }, [config, recordAudit]);
  return <ArchivesContext.Provider value={archives}>{children}</ArchivesContext.Provider>;
}

export function useArchives(): Archives {
  const archives = useContext(ArchivesContext);
  if (!archives) throw new Error('useArchives needs an ArchivesProvider');
  return archives;
}
