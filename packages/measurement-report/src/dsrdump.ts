// Test support only (not exported): dcmtk's dsrdump, an SR reader written independently of
// dcmjs, reads what this package writes. It is installed by scripts/setup.sh (Debian dcmtk).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const hasDsrdump = spawnSync('dsrdump', ['--version'], { encoding: 'utf8' }).status === 0;

/**
 * dsrdump's warnings that say what dcmtk 3.6.7 cannot check, not what is wrong with the file:
 * it has no checker for TID 2010 and its VR checker does not handle UTF-8.
 */
export const DSRDUMP_LIMITATIONS = [
  'W: Check for template constraints not yet supported',
  'W: The VR checker does not support this Specific Character Set: ISO_IR 192',
];

/** The document as dsrdump prints it: long values whole, all codes, referenced instance UIDs, template ids. */
export function dsrdump(part10: ArrayBuffer): { status: number | null; stdout: string; problems: string[] } {
  const directory = mkdtempSync(join(tmpdir(), 'longview-sr-'));
  try {
    const file = join(directory, 'document.dcm');
    writeFileSync(file, new Uint8Array(part10));
    const run = spawnSync('dsrdump', ['+Pl', '+Pc', '+Pu', '+Pt', file], { encoding: 'utf8' });
    const problems = run.stderr.split('\n').filter((line) => line.trim() !== '' && !DSRDUMP_LIMITATIONS.includes(line.trim()));
    return { status: run.status, stdout: run.stdout, problems };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
