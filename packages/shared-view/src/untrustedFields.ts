/**
 * Reading values that came from outside (a link someone pasted, a relay message): every check
 * throws InvalidField with a sentence saying where and what is wrong, and the public validators
 * turn that into a result. Messages never repeat the offending value or an unknown key's name:
 * they may reach a relay's log, and a smuggled key or value could be a patient's name.
 */
export class InvalidField extends Error {
  override name = 'InvalidField';
}

export function fail(where: string, what: string): never {
  throw new InvalidField(where ? `${where}: ${what}` : what);
}

/** `where` joined with a part of it ("case 2" + "cell 3" → "case 2, cell 3"). */
export function within(where: string, part: string): string {
  return where ? `${where}, ${part}` : part;
}

/**
 * A plain object with only the allowed keys (a key holding undefined counts as absent) and all the
 * required ones. Unknown keys are refused rather than dropped, so that nothing but the model's
 * fields can travel under a valid-looking view.
 */
export function readRecord(value: unknown, where: string, allowed: readonly string[], required: readonly string[] = []): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(where, 'must be a group of fields');
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) fail(where, 'must be a plain group of fields');
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) fail(where, 'has a field this viewer does not know');
  }
  for (const key of required) {
    if (!Object.hasOwn(record, key) || record[key] === undefined) fail(where, `is missing its ${key}`);
  }
  return record;
}

/** The value of an allowed key, undefined when absent (never one inherited from a prototype). */
export function fieldOf(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function readArray(value: unknown, where: string, minLength: number, maxLength: number): readonly unknown[] {
  if (!Array.isArray(value)) fail(where, 'must be a list');
  if (value.length < minLength || value.length > maxLength) {
    fail(where, minLength === maxLength ? `must have exactly ${minLength} entries` : `must have ${minLength} to ${maxLength} entries`);
  }
  return value;
}

export function readInteger(value: unknown, where: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) fail(where, `must be a whole number from ${min} to ${max}`);
  return value;
}

interface NumberRange {
  min: number;
  max: number;
  /** The bounds themselves are not allowed. */
  isMinExcluded?: boolean;
  isMaxExcluded?: boolean;
}

export function readNumber(value: unknown, where: string, range: NumberRange): number {
  const isInRange =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (range.isMinExcluded ? value > range.min : value >= range.min) &&
    (range.isMaxExcluded ? value < range.max : value <= range.max);
  if (!isInRange) {
    const low = `${range.isMinExcluded ? 'above' : 'from'} ${range.min}`;
    const high = `${range.isMaxExcluded ? 'below' : 'at most'} ${range.max}`;
    fail(where, `must be a number ${low} and ${high}`);
  }
  return value as number;
}

export function readFinite(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(where, 'must be a number');
  return value;
}

export function readBoolean(value: unknown, where: string): boolean {
  if (typeof value !== 'boolean') fail(where, 'must be true or false');
  return value;
}

export function readChoice<T extends string>(value: unknown, where: string, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) fail(where, `must be one of ${choices.join(', ')}`);
  return value as T;
}
