import { useEffect, useState } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import type { ConfigResult } from '@longview/dicomweb';
import { ArchivesProvider } from './archives/ArchivesContext';
import { AuditProvider } from './audit/AuditContext';
import { loadViewerConfig } from './config/loadConfig';
import { MemoryProvider } from './config/MemoryContext';
import { CompareViewer } from './routes/CompareViewer';
import { PatientTimeline } from './routes/PatientTimeline';
import { StudyList } from './routes/StudyList';
import { StudyViewer } from './routes/StudyViewer';

const queryClient = new QueryClient({
  defaultOptions: { queries: { refetchOnWindowFocus: false, staleTime: 30_000 } },
});

export function App() {
  const [config, setConfig] = useState<ConfigResult | undefined>(undefined);
  useEffect(() => {
    void loadViewerConfig().then(setConfig);
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
            <BrowserRouter>
              <Routes>
                <Route path="/" element={<StudyList />} />
                <Route path="/viewer/:archiveId/:studyUid" element={<StudyViewer />} />
                <Route path="/timeline/:archiveId/:studyUid" element={<PatientTimeline />} />
                <Route path="/compare/:archiveA/:studyA/:archiveB/:studyB" element={<CompareViewer />} />
                <Route path="*" element={<Navigate to="/" replace />} />
              </Routes>
            </BrowserRouter>
          </MemoryProvider>
        </ArchivesProvider>
      </AuditProvider>
    </QueryClientProvider>
  );
}
