// The architecture rules (.dependency-cruiser.cjs) catch the imports they forbid, and the real
// tree keeps them. The wrong imports are written to a small temporary tree, never to the real one.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const rulesFile = join(repo, '.dependency-cruiser.cjs');

/** Each violation as "rule: from → to", the way a reader would check it. */
async function violationsIn(directories, { baseDir, tsConfigFile }) {
  const options = await extractDepcruiseOptions(rulesFile);
  options.baseDir = baseDir;
  if (!tsConfigFile) {
    delete options.ruleSet.options?.tsConfig;
    delete options.tsConfig;
  }
  const transpile = tsConfigFile ? { tsConfig: extractTSConfig(tsConfigFile) } : {};
  const { output } = await cruise(directories, options, {}, transpile);
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

describe('architecture rules', () => {
  let fixture;
  const write = (path, text) => {
    mkdirSync(dirname(join(fixture, path)), { recursive: true });
    writeFileSync(join(fixture, path), text);
  };

  beforeAll(() => {
    fixture = mkdtempSync(join(tmpdir(), 'longview-architecture-'));
    // A feature piece and a low floor that reaches up to it.
    write('apps/viewer/src/reading/gridCell.ts', 'export const cell = 1;\n');
    write('apps/viewer/src/viewport/Corners.ts', "import { cell } from '../reading/gridCell';\nexport const corners = cell;\n");
    // A new folder that has no floor yet.
    write('apps/viewer/src/dosimetry/dose.ts', "import { cell } from '../reading/gridCell';\nexport const dose = cell;\n");
    // The right way round passes.
    write('apps/viewer/src/reading/useCorners.ts', "import { corners } from '../viewport/Corners';\nexport const use = corners;\n");
    // The engine: a type import is free, a value import outside render/loadRender.ts is not.
    write('packages/render/src/index.ts', 'export type Viewer = { id: string };\nexport const mountStack = () => 0;\n');
    write('apps/viewer/src/content/typeOnly.ts', "import type { Viewer } from '../../../../packages/render/src/index';\nexport type V = Viewer;\n");
    write('apps/viewer/src/content/engine.ts', "import { mountStack } from '../../../../packages/render/src/index';\nexport const m = mountStack;\n");
    write('apps/viewer/src/render/loadRender.ts', "import { mountStack } from '../../../../packages/render/src/index';\nexport const m = mountStack;\n");
    // A package that reaches into an app, and shipping code that reaches into scripts/ and tests.
    write('packages/timeline/src/order.ts', "import { cell } from '../../../apps/viewer/src/reading/gridCell';\nexport const o = cell;\n");
    write('scripts/lib/redis.mjs', 'export const args = [];\n');
    write('packages/timeline/src/redis.ts', "import { args } from '../../../scripts/lib/redis.mjs';\nexport const r = args;\n");
    write('packages/timeline/src/order.test.ts', "import { args } from '../../../scripts/lib/redis.mjs';\nimport { o } from './order';\nexport const t = [args, o];\n");
    write('packages/timeline/src/sample.ts', "import { t } from './order.test';\nexport const s = t;\n");
    // A package's test support (testing/, beside src/): its tests may use it, what ships may not.
    write('packages/timeline/testing/boards.ts', 'export const board = 1;\n');
    write('packages/timeline/src/boards.test.ts', "import { board } from '../testing/boards';\nexport const t = board;\n");
    write('packages/timeline/src/demo.ts', "import { board } from '../testing/boards';\nexport const d = board;\n");
    // The engine-free door of packages/render reaching an engine library through a module it re-exports.
    write('packages/render/src/plain.ts', "export { pyramidOf } from './slideGeometry';\n");
    write('packages/render/src/slideGeometry.ts', "import dicomParser from 'dicom-parser';\nexport const pyramidOf = () => dicomParser;\n");
    // React in a package, and Cornerstone3D outside packages/render.
    for (const name of ['react', '@cornerstonejs/core', 'dicom-parser']) {
      write(`node_modules/${name}/package.json`, JSON.stringify({ name, main: 'index.js' }));
      write(`node_modules/${name}/index.js`, 'module.exports = {};\n');
    }
    write('packages/timeline/src/view.ts', "import React from 'react';\nexport const v = React;\n");
    write('apps/viewer/src/content/volume.ts', "import * as core from '@cornerstonejs/core';\nexport const c = core;\n");
    // A cycle (reported once, from the first module in it).
    write('packages/timeline/src/a.ts', "import { b } from './b';\nexport const a = () => b;\n");
    write('packages/timeline/src/b.ts', "import { a } from './a';\nexport const b = () => a;\n");
  });

  afterAll(() => rmSync(fixture, { recursive: true, force: true }));

  it('reports each wrong import with the rule it breaks, and only those', async () => {
    const violations = await violationsIn(['apps', 'packages'], { baseDir: fixture });
    expect(violations.sort()).toEqual(
      [
        'cornerstone-only-in-render: apps/viewer/src/content/volume.ts → node_modules/@cornerstonejs/core/index.js',
        'packages-not-react: packages/timeline/src/view.ts → node_modules/react/index.js',
        'engine-only-through-loadRender: apps/viewer/src/content/engine.ts → packages/render/src/index.ts',
        'no-cycles: packages/timeline/src/a.ts → packages/timeline/src/b.ts',
        'packages-not-apps: packages/timeline/src/order.ts → apps/viewer/src/reading/gridCell.ts',
        'render-plain-without-engine: packages/render/src/plain.ts → node_modules/dicom-parser/index.js',
        'shipping-not-test-code: packages/timeline/src/redis.ts → scripts/lib/redis.mjs',
        'shipping-not-test-code: packages/timeline/src/demo.ts → packages/timeline/testing/boards.ts',
        'shipping-not-test-code: packages/timeline/src/sample.ts → packages/timeline/src/order.test.ts',
        'viewer-floor-order: apps/viewer/src/viewport/Corners.ts → apps/viewer/src/reading/gridCell.ts',
        'viewer-floor-unlisted: apps/viewer/src/dosimetry/dose.ts → apps/viewer/src/reading/gridCell.ts',
      ].sort(),
    );
  });

  it('finds nothing wrong in the real tree', async () => {
    expect(await violationsIn(['apps', 'packages'], { baseDir: repo, tsConfigFile: join(repo, 'tsconfig.json') })).toEqual([]);
  }, 20_000);
});
