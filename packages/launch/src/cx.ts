/**
 * HL7 v2 CX (Extended Composite ID with Check Digit), the form IHE IID gives `patientID` in:
 * `ID^checkDigit^checkDigitScheme^assigningAuthority^identifierTypeCode^...`, where the
 * assigning authority is an HD: `namespaceId&universalId&universalIdType`, e.g.
 * `12345^^^LONGVIEW-RAD` or `12345^^^&2.16.840.1.113883.3.9999.1&ISO`.
 *
 * Separators inside values are escaped (HL7 v2.5 section 2.7.4): \F\ field `|`, \S\ component
 * `^`, \T\ subcomponent `&`, \R\ repetition `~`, \E\ escape `\`. Splitting happens on the raw
 * text first and unescaping after, so an escaped `^` never splits a component.
 */

export interface AssigningAuthority {
  /** HD.1, a local name such as "LONGVIEW-RAD". */
  namespaceId: string | undefined;
  /** HD.2, a universal name such as an OID. */
  universalId: string | undefined;
  /** HD.3, what kind of universal ID HD.2 is ("ISO" for an OID, "UUID", "DNS", "URI"...). */
  universalIdType: string | undefined;
}

export interface Cx {
  patientId: string;
  assigningAuthority: AssigningAuthority | undefined;
  /**
   * The names the assigning authority goes by, namespace first: both name one authority
   * (HL7 HD), so whichever the viewer's configuration knows decides the issuer.
   */
  issuerCandidates: string[];
}

export type CxResult = { kind: 'ok'; cx: Cx } | { kind: 'error'; message: string };

const ESCAPES: Readonly<Record<string, string>> = { F: '|', S: '^', T: '&', R: '~', E: '\\' };

/** Resolves HL7 escape sequences in one (sub)component; undefined when one is not understood. */
function unescapeHl7(text: string): { value: string } | { error: string } {
  let value = '';
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] as string;
    if (char !== '\\') {
      value += char;
      continue;
    }
    const end = text.indexOf('\\', index + 1);
    if (end === -1) return { error: 'has a "\\" that starts an escape sequence but never ends it' };
    const code = text.slice(index + 1, end);
    const replacement = ESCAPES[code];
    if (replacement === undefined) {
      return { error: `has an escape sequence \\${code}\\ that is not one of \\F\\ \\S\\ \\T\\ \\R\\ \\E\\` };
    }
    value += replacement;
    index = end;
  }
  return { value };
}

/**
 * Unescaped separators that CX never carries in one identifier: `|` ends a field and `~`
 * repeats it, so either means the sender built the value wrongly (or sent two patients).
 */
function rawSeparatorProblem(raw: string): string | undefined {
  // Escape sequences are removed first: "\F\" is a legitimate way to carry "|".
  const outsideEscapes = raw.replace(/\\[^\\]*\\/g, '');
  if (outsideEscapes.includes('~')) return 'repeats the identifier ("~"); give exactly one patient';
  if (outsideEscapes.includes('|')) return 'contains a field separator "|" (escape it as \\F\\)';
  return undefined;
}

export function parseCx(value: string): CxResult {
  const fail = (why: string): CxResult => ({ kind: 'error', message: `is not an HL7 CX identifier: it ${why}.` });
  if (value.trim() === '') return fail('is empty');
  const separatorProblem = rawSeparatorProblem(value);
  if (separatorProblem) return fail(separatorProblem);

  const components = value.split('^');
  const unescaped: string[] = [];
  for (const [index, component] of components.entries()) {
    // Only the ID (CX.1) and the assigning authority (CX.4) are read; the subcomponents of
    // CX.4 are unescaped one by one below, after splitting on "&".
    if (index === 3) {
      unescaped.push(component);
      continue;
    }
    const result = unescapeHl7(component);
    if ('error' in result) return fail(`${index === 0 ? 'ID' : `component ${index + 1}`} ${result.error}`);
    unescaped.push(result.value);
  }
  const patientId = (unescaped[0] ?? '').trim();
  if (patientId === '') return fail('has no ID before the first "^"');
  if ((components[0] ?? '').includes('&')) return fail('has a "&" in the ID (escape it as \\T\\)');

  const authorityRaw = components[3] ?? '';
  if (authorityRaw.trim() === '') return { kind: 'ok', cx: { patientId, assigningAuthority: undefined, issuerCandidates: [] } };
  const parts: (string | undefined)[] = [];
  for (const part of authorityRaw.split('&')) {
    const result = unescapeHl7(part);
    if ('error' in result) return fail(`assigning authority ${result.error}`);
    parts.push(result.value.trim() === '' ? undefined : result.value.trim());
  }
  if (parts.length > 3) return fail('has more than three parts in the assigning authority (namespace&universalId&type)');
  const [namespaceId, universalId, universalIdType] = parts;
  if (universalIdType !== undefined && universalId === undefined) {
    return fail(`names a universal ID type (${universalIdType}) in the assigning authority but no universal ID`);
  }
  if (universalIdType === 'ISO' && universalId !== undefined && !/^[0-2](\.(0|[1-9][0-9]*))+$/.test(universalId)) {
    return fail('gives a universal ID of type ISO that is not an OID (digits and dots)');
  }
  const issuerCandidates = [namespaceId, universalId].filter((name): name is string => name !== undefined);
  if (issuerCandidates.length === 0) return { kind: 'ok', cx: { patientId, assigningAuthority: undefined, issuerCandidates: [] } };
  return { kind: 'ok', cx: { patientId, assigningAuthority: { namespaceId, universalId, universalIdType }, issuerCandidates } };
}
