import { Suspense, useEffect, useState } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import type { ConfigResult } from '@longview/dicomweb';
import { ArchivesProvider } from './archives/ArchivesContext';
import { AuditProvider } from './audit/AuditContext';
import { loadViewerConfig } from './config/loadConfig';
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
const initialPageLoading = preloadRouteOf(window.location.pathname);

const queryClient = new QueryClient({
  defaultOptions: { queries: { refetchOnWindowFocus: false, staleTime: 30_000 } },
});

export function App() {
  const [config, setConfig] = useState<ConfigResult | undefined>(undefined);
  useEffect(() => {
    // A SMART session of this tab (reload) is restored before any archive is asked: a bearer
    // archive asked without its token would say "sign in" although the tab is signed in.
    void Promise.all([loadViewerConfig(), restoreSmartSession(), initialPageLoading]).then(([loaded]) => {
      useLiveStore.setState({ relayUrl: loaded.kind === 'valid' ? loaded.config.liveRelay?.url : undefined });
      setConfig(loaded);
    });
  }, []);

  if (!config) return <div className="page-message" role="status">Starting Longview…</div>;
  if (config.kind === 'invalid') {
    return (
      <div className="page-message" role="alert">
        <h1>Longview is not configured correctly</h1>
        <ul>
          {config.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
        <p>Ask your administrator to fix config.json.</p>
      </div>
    );
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
