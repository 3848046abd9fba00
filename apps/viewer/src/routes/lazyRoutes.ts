import { createElement, lazy, type ComponentType } from 'react';

/**
 * Every page is its own chunk, so a page loads only its own code: the study list never pays
 * for the grid, the timeline never for the launch flows. The chunk of the page the tab opens
 * on is loaded at start-up beside config.json (preloadRouteOf), and that page then renders
 * directly: a page that suspends costs more than its download, because React holds suspended
 * content back for up to 300 ms before revealing it. Pages reached later by navigation load
 * through React.lazy.
 */
interface RoutePage<Props> {
  Page: ComponentType<Props>;
  load: () => Promise<unknown>;
}

function routePage<Props extends object>(loader: () => Promise<ComponentType<Props>>): RoutePage<Props> {
  let loaded: ComponentType<Props> | undefined;
  let loading: Promise<ComponentType<Props>> | undefined;
  const load = () => {
    loading ??= loader().then((component) => (loaded = component));
    loading.catch(() => {
      loading = undefined; // a failed chunk download may succeed on the next attempt
    });
    return loading;
  };
  const Lazy = lazy(() => load().then((component) => ({ default: component })));
  const Page = (props: Props) => createElement((loaded ?? Lazy) as ComponentType<Props>, props);
  return { Page, load };
}

const pages = {
  studyList: routePage(() => import('./StudyList').then((m) => m.StudyList)),
  studyViewer: routePage(() => import('./StudyViewer').then((m) => m.StudyViewer)),
  patientTimeline: routePage(() => import('./PatientTimeline').then((m) => m.PatientTimeline)),
  compareViewer: routePage(() => import('./CompareViewer').then((m) => m.CompareViewer)),
  iidLaunch: routePage(() => import('../launch/IidLaunch').then((m) => m.IidLaunch)),
  smartLaunchStart: routePage(() => import('../launch/SmartLaunch').then((m) => m.SmartLaunchStart)),
  smartLaunchCallback: routePage(() => import('../launch/SmartLaunch').then((m) => m.SmartLaunchCallback)),
  sharedLink: routePage(() => import('../board/SharedLinkPage').then((m) => m.SharedLinkPage)),
  liveJoin: routePage(() => import('../board/LiveJoinPage').then((m) => m.LiveJoinPage)),
};

export const StudyList = pages.studyList.Page;
export const StudyViewer = pages.studyViewer.Page;
export const PatientTimeline = pages.patientTimeline.Page;
export const CompareViewer = pages.compareViewer.Page;
export const IidLaunch = pages.iidLaunch.Page;
export const SmartLaunchStart = pages.smartLaunchStart.Page;
export const SmartLaunchCallback = pages.smartLaunchCallback.Page;
export const SharedLinkPage = pages.sharedLink.Page;
export const LiveJoinPage = pages.liveJoin.Page;

/** The chunk loader of the page a path shows (as App's routes map them), or undefined. */
function pageOf(pathname: string): Pick<RoutePage<object>, 'load'> | undefined {
  const [, first = '', second] = pathname.split('/');
  switch (first) {
    case '':
      return pages.studyList;
    case 'viewer':
      return pages.studyViewer;
    case 'timeline':
    case 'patient':
      return pages.patientTimeline;
    case 'compare':
      return pages.compareViewer;
    case 'IHEInvokeImageDisplay':
      return pages.iidLaunch;
    case 'launch':
      return second === 'callback' ? pages.smartLaunchCallback : pages.smartLaunchStart;
    case 'board':
      return pages.sharedLink;
    case 'live':
      return pages.liveJoin;
    default:
      return undefined;
  }
}

/**
 * Loads the chunk of the page a path shows; resolves when it is ready, or failed (the page's
 * own load then retries and the error boundary reports it).
 */
export function preloadRouteOf({ pathname, search }: Pick<Location, 'pathname' | 'search'>): Promise<void> {
  // An IID launch goes on to the study's viewer (STUDY) or the patient's timeline (PATIENT), and a
  // shared board link to its case's viewer: that chunk comes now too, not awaited (the launch
  // page renders, and searches, and the link page reads the link, without it).
  const requestType = pathname === '/IHEInvokeImageDisplay' ? new URLSearchParams(search).get('requestType') : null;
  if (requestType === 'STUDY' || pathname === '/board') void pages.studyViewer.load().catch(() => undefined);
  if (requestType === 'PATIENT') void pages.patientTimeline.load().catch(() => undefined);
  return (pageOf(pathname)?.load() ?? Promise.resolve()).then(
    () => undefined,
    () => undefined,
  );
}
