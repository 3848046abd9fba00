/**
 * One export's UID map: the same original UID always gets the same new UID, so that a study
 * exported as many files still has one Study Instance UID, one Frame of Reference, and
 * references (Referenced SOP Instance UID inside sequences) that still point at their images.
 *
 * New UIDs are `2.25.<128-bit random integer>` (PS3.5 B.2: a UUID-derived UID needs no
 * registered root). They are random rather than hashed from the original so that nobody who
 * knows an original UID can recompute its replacement; a fresh remapper per export means two
 * exports of the same study cannot be linked either.
 */
export class UidRemapper {
  private readonly map = new Map<string, string>();
  private readonly randomBytes: (count: number) => Uint8Array;

  constructor(randomBytes: (count: number) => Uint8Array = (count) => crypto.getRandomValues(new Uint8Array(count))) {
    this.randomBytes = randomBytes;
  }

  remap(uid: string): string {
    const original = uid.replace(/\0+$/, '').trim();
    if (original === '') return original;
    let replacement = this.map.get(original);
    if (!replacement) {
      do {
        replacement = newUid(this.randomBytes(16));
      } while (this.isReplacement(replacement));
      this.map.set(original, replacement);
    }
    return replacement;
  }

  /** How many distinct UIDs were replaced (for the report, never the UIDs themselves). */
  get size(): number {
    return this.map.size;
  }

  private isReplacement(uid: string): boolean {
    for (const value of this.map.values()) if (value === uid) return true;
    return false;
  }
}

export function newUid(bytes: Uint8Array): string {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return `2.25.${value.toString(10)}`;
}
