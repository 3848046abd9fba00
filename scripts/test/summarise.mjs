// Sums every suite's results into the one closing line CI reads: "N passed, N failed".
// A suite that did not produce its report counts as one failure, never as silence.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '.data/results';
let passed = 0;
let failed = 0;
const lines = [];

/** How long suite `name` took, as test.sh recorded it ("", if it did not). */
function durationOf(name) {
  const file = join(dir, `${name}.seconds`);
  if (!existsSync(file)) return '';
  const seconds = Number(readFileSync(file, 'utf8'));
  return ` in ${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

function add(suite, p, f) {
  passed += p;
  failed += f;
  lines.push(`${suite}: ${p} passed, ${f} failed${durationOf(suite)}`);
}

for (const file of readdirSync(dir).filter((f) => f.endsWith('.count')).sort()) {
  const { passed: p, failed: f } = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  add(file.replace(/\.count$/, ''), p, f);
}

const unitFile = join(dir, 'unit.json');
if (existsSync(unitFile)) {
  const unit = JSON.parse(readFileSync(unitFile, 'utf8'));
  const suiteErrors = (unit.testResults ?? []).filter((r) => r.status === 'failed' && (r.assertionResults ?? []).length === 0).length;
  add('unit', unit.numPassedTests ?? 0, (unit.numFailedTests ?? 0) + suiteErrors);
} else {
  add('unit (no report)', 0, 1);
}

const e2eFile = join(dir, 'e2e.json');
if (existsSync(e2eFile)) {
  const { stats, errors = [] } = JSON.parse(readFileSync(e2eFile, 'utf8'));
  // Flaky counts as passed-on-retry; unexpected (and global setup errors) as failed.
  add('e2e', (stats?.expected ?? 0) + (stats?.flaky ?? 0), (stats?.unexpected ?? 0) + errors.length);
} else {
  add('e2e (no report)', 0, 1);
}

const setup = durationOf('setup');
if (setup) lines.unshift(`setup (packages, install)${setup}`);
for (const line of lines) console.log(`  ${line}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
