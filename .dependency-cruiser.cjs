// The architecture's picture, checked by `npm run architecture` (and by `npm test`): which code
// may import which. STYLE.md explains the principles; this file is what CI holds the tree to.

/**
 * The floors of apps/viewer/src, highest first. A folder imports only the folders listed after
 * it, never one listed before it: a feature that needs another feature's piece gets that piece
 * moved down, not imported sideways. main.tsx and App.tsx (start-up and providers) sit above
 * them all. A folder not listed here fails the check until it is given a floor.
 */
const viewerFloors = [
  'routes', //     one route per journey: list, viewer, timeline, compare, launch, live
  'study', //      the study page's furniture: header, patient banner, series browsers, archive errors
  'studyList', //  the study list's table
  'export', //     images and reports out of the viewer
  'reading', //    the reading grid: hanging, cells, sync, priors
  'timeline', //   one patient's history across archives
  'board', //      tumor board: shared links, agenda, live sessions
  'launch', //     SMART on FHIR and IHE IID launches, sign-in
  'content', //    one viewport per kind of content: stack (content/stack), video, slide, PDF, ECG, SR
  'oncology', //   PET/CT: SUV, fusion, MIP
  'firstPaint', // the 2D canvas that shows the first image before the engine has loaded
  'results', //    measurements and key images, saved to the archive
  'viewport', //   what every viewport shares: patient/study corners, errors, scale bar, shared-view capture
  'archives', //   archive clients, queries, the SMART session that signs their requests
  'series', //     a series' instances, metadata and thumbnail
  'audit', //      audit events
  'layout', //     which layout a screen gets
  'render', //     the lazily loaded engine (loadRender) and its start
  'config', //     runtime config and memory budget
  'keyboard', //   keys and the shortcut sheet
  'state', //      view state: zustand stores and the grid's URL state
  'react', //      small React helpers
  'boot', //       the script that asks for the first image before the app has loaded
  'styles', //     CSS
];

const viewer = '^apps/viewer/src/';
const anyOf = (names) => `(${names.join('|')})`;

/** Known exceptions to the floor order, each with its way out: none today. */
const knownExceptions = [];

/** One rule per floor: nothing on it imports a floor above it (known exceptions aside). */
const floorRules = viewerFloors.slice(1).map((floor, index) => {
  const exceptions = knownExceptions.filter((exception) => exception.floor === floor);
  const above = `${viewer}${anyOf(viewerFloors.slice(0, index + 1))}/`;
  return [
    {
      from: { path: `${viewer}${floor}/`, pathNot: exceptions.map((exception) => `${viewer}${floor}/${exception.from}`) },
      to: { path: above },
    },
    ...exceptions.map((exception) => ({
      from: { path: `${viewer}${floor}/${exception.from}` },
      to: { path: above, pathNot: exception.to },
    })),
  ].map((rule) => ({
    name: 'viewer-floor-order',
    comment: `apps/viewer/src/${floor}/ imports only the floors below it (viewerFloors in .dependency-cruiser.cjs)`,
    severity: 'error',
    ...rule,
  }));
});

const unlistedFolder = { path: `${viewer}[^/]+/`, pathNot: `${viewer}${anyOf(viewerFloors)}/` };

// The engine's libraries, the weight that @longview/render is loaded lazily for (render-plain-without-engine).
const engineLibraries = '(@cornerstonejs/[^/]+|@kitware/vtk\\.js|dicom-microscopy-viewer|dicom-parser)(/|$)';

// Test support lives outside src/ in a testing/ folder (apps/relay/testing, packages/shared-view/testing).
const testCode = '(\\.test\\.[cm]?[jt]sx?$|^e2e/|^(apps|packages)/[^/]+/testing/)';

module.exports = {
  forbidden: [
    ...floorRules.flat(),
    // A folder without a floor is caught whether it imports or is imported.
    ...[{ from: unlistedFolder, to: {} }, { from: {}, to: unlistedFolder }].map((ends) => ({
      name: 'viewer-floor-unlisted',
      comment: 'every folder of apps/viewer/src has a floor in viewerFloors (.dependency-cruiser.cjs)',
      severity: 'error',
      ...ends,
    })),
    {
      name: 'viewer-root-on-top',
      comment: 'main.tsx and App.tsx start the app; no folder imports them',
      severity: 'error',
      from: { path: `${viewer}[^/]+/` },
      to: { path: `${viewer}(main|App)\\.tsx$` },
    },
    {
      name: 'no-cycles',
      comment: 'a module that imports itself through others: cycles are bugs (STYLE.md)',
      severity: 'error',
      from: { path: '^(apps|packages)/' },
      to: { circular: true },
    },
    {
      name: 'packages-not-apps',
      comment: 'apps use packages; no package imports an app',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^apps/' },
    },
    {
      name: 'packages-not-react',
      comment: 'domain logic lives in packages and none of them imports React (STYLE.md)',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '(^|/)node_modules/(react|react-dom)/|^(react|react-dom)$' },
    },
    {
      name: 'cornerstone-only-in-render',
      comment: 'Cornerstone3D lives in one room: packages/render (calculate-suv is a pure SUV formula, no engine)',
      severity: 'error',
      from: { pathNot: '^packages/render/' },
      to: { path: '(^|/)node_modules/@cornerstonejs/|^@cornerstonejs/', pathNot: '@cornerstonejs/calculate-suv/' },
    },
    {
      name: 'engine-only-through-loadRender',
      comment:
        "the viewer loads @longview/render's engine on demand (render/loadRender.ts) so that no route chunk waits for it " +
        'before its first frame; elsewhere only type imports, and the light doors @longview/render/plain, /ids and /seriesStream',
      severity: 'error',
      from: { path: viewer, pathNot: `${viewer}render/loadRender\\.ts$` },
      to: { path: '^packages/render/src/index\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'render-plain-without-engine',
      comment:
        '@longview/render/plain is imported statically by the app, so nothing it reaches (however indirectly) may be the engine: ' +
        'no Cornerstone3D, vtk.js, dicom-microscopy-viewer or dicom-parser; what needs them belongs behind @longview/render',
      severity: 'error',
      from: { path: '^packages/render/src/plain\\.ts$' },
      to: { path: `(^|/)node_modules/${engineLibraries}|^${engineLibraries}`, reachable: true },
    },
    {
      name: 'shipping-not-test-code',
      comment: 'what ships (apps/*/src, packages/*/src) never imports tests, e2e/, test support or scripts/',
      severity: 'error',
      from: { path: '^(apps|packages)/[^/]+/src/', pathNot: testCode },
      to: { path: `(${testCode}|^scripts/)` },
    },
  ],
  options: {
    // Third-party modules stay in the graph as leaves (the react and Cornerstone rules look at
    // them) but are not cruised.
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(apps|packages)/[^/]+/dist/' },
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports are told apart from value imports (engine-only-through-loadRender).
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
      mainFields: ['module', 'main', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
