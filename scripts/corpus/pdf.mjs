// A one-page PDF with a few lines of Helvetica text, written by hand so the corpus needs no PDF
// library: five objects, an exact cross-reference table, nothing else. Small (~1 KB) and valid
// for any reader, which is all an Encapsulated PDF test instance needs.

/** PDF literal string: backslash and parentheses are the only characters that need escaping. */
const pdfString = (text) => `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;

/** The content stream of one page: `title` in 16 pt, then `lines` in 11 pt, 22 pt apart. */
function pageContent(title, lines) {
  const text = [title, ...lines];
  if (text.some((line) => !/^[\x20-\x7e]*$/.test(line))) throw new Error('PDF text must be printable ASCII (byte offsets = character offsets)');
  return [
    'BT',
    '/F1 16 Tf 72 770 Td',
    `${pdfString(title)} Tj`,
    '/F1 11 Tf',
    ...lines.flatMap((line) => ['0 -22 Td', `${pdfString(line)} Tj`]),
    'ET',
  ].join('\n');
}

const stream = (content) => `<< /Length ${content.length} >>\nstream\n${content}\nendstream`;

/** Bytes of a one-page A4 PDF showing `title` and `lines` (printable ASCII only). */
export function onePagePdf(title, lines) {
  return assemble([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    stream(pageContent(title, lines)),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]);
}

/**
 * Bytes of an A4 PDF of several pages, each `{ title, lines }` (printable ASCII only), for a
 * document whose reader needs page navigation. Objects: catalog, page tree, font, then a
 * page and its content stream per page.
 */
export function multiPagePdf(pages) {
  const pageObject = (index) => 4 + index * 2;
  return assemble([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pages.map((_, index) => `${pageObject(index)} 0 R`).join(' ')}] /Count ${pages.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ...pages.flatMap(({ title, lines }, index) => [
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${pageObject(index) + 1} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`,
      stream(pageContent(title, lines)),
    ]),
  ]);
}

/** The file around numbered `objects` (object n is objects[n - 1]), with its exact xref table. */
function assemble(objects) {
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, index) => {
    const offset = body.length;
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xrefOffset = body.length;
  // Every cross-reference entry is exactly 20 bytes, its line end included (PDF 32000-1 7.5.4).
  const entries = ['0000000000 65535 f \n', ...offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`)];
  body += `xref\n0 ${objects.length + 1}\n${entries.join('')}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  // DICOM values have even length; a trailing newline after %%EOF is harmless to readers.
  if (body.length % 2 === 1) body += '\n';
  return Buffer.from(body, 'latin1');
}
