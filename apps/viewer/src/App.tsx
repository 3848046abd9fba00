import { Suspense, useEffect, useState } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import type { ConfigResult } from '@longview/dicomweb';
import { ArchivesProvider } from './archives/ArchivesContext';
import { AuditProvider } from './audit/AuditContext';
import { ConfigUnavailable, loadViewerConfig } from './config/loadConfig';
import { ConfigErrorPage } from './config/ConfigErrorPage';
import { PageLoadBoundary } from './routes/PageLoadBoundary';
import { ResultsOutboxBanner, ResultsOutboxProvider } from './results/ResultsOutboxProvider';
import { SmartSessionBar } from './launch/SmartSignIn';
import { restoreSmartSession } from './archives/smartSession';
import { MemoryProvider } from './config/MemoryContext';
import { LiveSessionHost } from './board/LiveSessionHost';
import { useLiveStore } from './board/liveStore';
import {
  CompareViewer,
  IidLaunch,
  LiveJoinPage,
  PatientTimeline,
  SharedLinkPage,
  SmartLaunchCallback,
  SmartLaunchStart,
  StudyList,
  StudyViewer,
  preloadRouteOf,
} from './routes/lazyRoutes';

// Requested now, beside config.json, rather than after it.
const initialPageLoading = preloadRouteOf(window.location);

const queryClient = new QueryClient({
  defaultOptions: { queries: { refetchOnWindowFocus: false, staleTime: 30_000 } },
});

/** Where start-up stands: config.json and the first page's code are in, or it could not start. */
type Startup = { kind: 'starting' } | { kind: 'ready'; config: ConfigResult } | { kind: 'failed'; problem: string };

/** The failure in words for the administrator; never a stack trace. */
function startupProblemOf(error: unknown): string {
  if (error instanceof ConfigUnavailable) return error.message;
  return `Longview could not finish starting: ${error instanceof Error ? error.message : String(error)}`;
}

export function App() {
  const [startup, setStartup] = useState<Startup>({ kind: 'starting' });
  useEffect(() => {
    // A SMART session of this tab (reload) is restored before any archive is asked: a bearer
    // archive asked without its token would say "sign in" although the tab is signed in.
    void Promise.all([loadViewerConfig(), restoreSmartSession(), initialPageLoading])
      .then(([loaded]) => {
        useLiveStore.setState({ relayUrl: loaded.kind === 'valid' ? loaded.config.liveRelay?.url : undefined });
        setStartup({ kind: 'ready', config: loaded });
      })
      // Without this the page would say "Starting Longview…" for ever (e2e/startup-failure.spec.ts).
      .catch((error: unknown) => setStartup({ kind: 'failed', problem: startupProblemOf(error) }));
  }, []);

  if (startup.kind === 'starting') return <div className="page-message" role="status">Starting Longview…</div>;
  if (startup.kind === 'failed') {
    return (
      <ConfigErrorPage
        title="Longview could not start"
        problems={[startup.problem]}
        advice="Retry in a moment. If this persists, ask your administrator to check the web server that serves Longview and its config.json."
      />
    );
  }
  const config = startup.config;
  if (config.kind === 'invalid') {
    return <ConfigErrorPage title="Longview is not configured correctly" problems={config.problems} advice="Ask your administrator to fix config.json, then Retry." />;
  }
  return (
    <QueryClientProvider client={queryClient}>
      <AuditProvider config={config.config.audit}>
        <ArchivesProvider config={config.config}>
          <MemoryProvider memory={config.config.memory}>
            <ResultsOutboxProvider>
            <BrowserRouter>
              <SmartSessionBar />
              <ResultsOutboxBanner />
              <LiveSessionHost />
              <PageLoadBoundary>
                <Suspense fallback={<div className="page-message" role="status">Loading…</div>}>
                  <Routes>
                    <Route path="/" element={<StudyList />} />
                    <Route path="/viewer/:archiveId/:studyUid" element={<StudyViewer />} />
                    <Route path="/timeline/:archiveId/:studyUid" element={<PatientTimeline />} />
                    <Route path="/patient/:launchKey" element={<PatientTimeline />} />
                    <Route path="/IHEInvokeImageDisplay" element={<IidLaunch config={config.config} />} />
                    <Route path="/launch" element={<SmartLaunchStart />} />
                    <Route path="/launch/callback" element={<SmartLaunchCallback config={config.config} />} />
                    <Route path="/compare/:archiveA/:studyA/:archiveB/:studyB" element={<CompareViewer />} />
                    <Route path="/board" element={<SharedLinkPage />} />
                    <Route path="/live/:sessionId" element={<LiveJoinPage />} />
                    <Route path="*" element={<Navigate to="/" replace />} />
                  </Routes>
                </Suspense>
              </PageLoadBoundary>
            </BrowserRouter>
            </ResultsOutboxProvider>
          </MemoryProvider>
        </ArchivesProvider>
      </AuditProvider>
    </QueryClientProvider>
  );
}
