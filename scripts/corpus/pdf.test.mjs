import { describe, expect, it } from 'vitest';
import { onePagePdf } from './pdf.mjs';

describe('onePagePdf', () => {
  const text = onePagePdf('REPORT (draft)', ['line one', 'back\\slash']).toString('latin1');

  it('has a cross-reference table whose offsets point at the objects', () => {
    const xref = Number(text.match(/startxref\n(\d+)\n%%EOF/)[1]);
    expect(text.startsWith('xref\n0 6\n', xref)).toBe(true);
    const entries = text.slice(xref).split('\n').slice(3, 8);
    entries.forEach((entry, index) => {
      expect(entry).toMatch(/^\d{10} 00000 n $/);
      expect(text.startsWith(`${index + 1} 0 obj\n`, Number(entry.slice(0, 10)))).toBe(true);
    });
  });

  it('gives the content stream its exact length and escapes literal strings', () => {
    const length = Number(text.match(/\/Length (\d+)/)[1]);
    const start = text.indexOf('stream\n') + 'stream\n'.length;
    expect(text.slice(start + length)).toMatch(/^\nendstream/);
    expect(text).toContain('(REPORT \\(draft\\)) Tj');
    expect(text).toContain('(back\\\\slash) Tj');
  });

  it('has an even length, as a DICOM value needs, and refuses non-ASCII text', () => {
    expect(text.length % 2).toBe(0);
    expect(() => onePagePdf('RÉSUMÉ', [])).toThrow(/ASCII/);
  });
});
