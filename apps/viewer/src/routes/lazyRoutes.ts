import { lazy } from 'react';

/**
 * Every page is its own chunk, so a page loads only its own code: the study list never pays
 * for the grid, the timeline never for the launch flows. The chunk of the page the tab opens
 * on is requested at start-up, next to config.json (see preloadRouteOf), not after it.
 */
const loaders = {
  studyList: () => import('./StudyList').then((m) => ({ default: m.StudyList })),
  studyViewer: () => import('./StudyViewer').then((m) => ({ default: m.StudyViewer })),
  patientTimeline: () => import('./PatientTimeline').then((m) => ({ default: m.PatientTimeline })),
  compareViewer: () => import('./CompareViewer').then((m) => ({ default: m.CompareViewer })),
  iidLaunch: () => import('../launch/IidLaunch').then((m) => ({ default: m.IidLaunch })),
  smartLaunchStart: () => import('../launch/SmartLaunch').then((m) => ({ default: m.SmartLaunchStart })),
  smartLaunchCallback: () => import('../launch/SmartLaunch').then((m) => ({ default: m.SmartLaunchCallback })),
};

export const StudyList = lazy(loaders.studyList);
export const StudyViewer = lazy(loaders.studyViewer);
export const PatientTimeline = lazy(loaders.patientTimeline);
export const CompareViewer = lazy(loaders.compareViewer);
export const IidLaunch = lazy(loaders.iidLaunch);
export const SmartLaunchStart = lazy(loaders.smartLaunchStart);
export const SmartLaunchCallback = lazy(loaders.smartLaunchCallback);

/** The loader of the page a path shows (as App's routes map them), or undefined. */
export function routeLoaderOf(pathname: string): (() => Promise<unknown>) | undefined {
  const first = pathname.split('/')[1] ?? '';
  switch (first) {
    case '':
      return loaders.studyList;
    case 'viewer':
      return loaders.studyViewer;
    case 'timeline':
    case 'patient':
      return loaders.patientTimeline;
    case 'compare':
      return loaders.compareViewer;
    case 'IHEInvokeImageDisplay':
      return loaders.iidLaunch;
    case 'launch':
      return loaders.smartLaunchStart;
    default:
      return undefined;
  }
}

/** Starts loading the chunk of the page the tab opened on; React.lazy reuses the same import. */
export function preloadRouteOf(pathname: string): void {
  void routeLoaderOf(pathname)?.().catch(() => undefined);
}
