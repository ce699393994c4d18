import { randomBytes } from 'node:crypto';

/**
 * Public verification codes: 10 random Crockford base32 characters (50 bits) and 1 check
 * character from the same alphabet, shown as `7KQ4-M9XT-2CJ`.
 *
 * Check character: read each symbol as an element of GF(32) = GF(2)[x]/(x^5 + x^2 + 1) and choose
 * c so that  c + Σ α^(10-i) · d_i = 0  (i = 0..9, α = x, a generator of the field's 31 non-zero
 * elements). Every position thus has a distinct non-zero weight (α^0 for the check character,
 * α^1..α^10 for the data), so:
 * - a single substitution a -> b changes the sum by w·(a - b) ≠ 0 (a field has no zero divisors);
 * - a transposition of a and b at any two positions changes it by (w_i - w_j)·(a - b) ≠ 0.
 * A weighted sum modulo the integer 32 cannot do both: weights must be odd to catch every
 * substitution, and then the difference of two adjacent weights is even and misses some swaps.
 * Crockford's own mod-37 check symbols (*~$=U) are avoided: awkward in URLs and read aloud.
 */

export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_DATA_LENGTH = 10;
export const CODE_LENGTH = CODE_DATA_LENGTH + 1;

const FIELD_POLYNOMIAL = 0b100101;
const ALIASES: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1' };
const SEPARATORS = /[\s\-\u2010-\u2015\u2212]/g;

export function generateCode(): string {
  const data = Array.from(randomBytes(CODE_DATA_LENGTH), (byte) => CODE_ALPHABET[byte & 31]).join('');
  return data + checkCharacter(data);
}

export function checkCharacter(data: string): string {
  if (data.length !== CODE_DATA_LENGTH) throw new RangeError(`a code has ${CODE_DATA_LENGTH} data characters`);
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum ^= gfMultiply(weight(CODE_DATA_LENGTH - i), symbolValue(data[i]));
  return CODE_ALPHABET[sum];
}

/** `7KQ4M9XT2CJ` -> `7KQ4-M9XT-2CJ`. */
export function formatCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? '';
}

/**
 * Upper-cases, drops spaces and hyphens, reads O as 0 and I/L as 1. Returns null when a character
 * is outside the alphabet (U included) or the length is wrong; the check character is not checked.
 */
export function normalizeCode(input: string): string | null {
  const symbols = Array.from(input.replace(SEPARATORS, '').toUpperCase(), (char) => ALIASES[char] ?? char);
  if (symbols.length !== CODE_LENGTH || symbols.some((char) => !CODE_ALPHABET.includes(char))) return null;
  return symbols.join('');
}

export function isValidCode(input: string): boolean {
  const code = normalizeCode(input);
  return code !== null && checkCharacter(code.slice(0, CODE_DATA_LENGTH)) === code[CODE_DATA_LENGTH];
}

/** α^k in GF(32), the weight of the symbol k places before the end. */
export function weight(k: number): number {
  let w = 1;
  for (let i = 0; i < k; i++) w = gfMultiply(w, 2);
  return w;
}

export function gfMultiply(a: number, b: number): number {
  let product = 0;
  for (let x = a, y = b; y > 0; y >>= 1) {
    if (y & 1) product ^= x;
    x <<= 1;
    if (x & 32) x ^= FIELD_POLYNOMIAL;
  }
  return product;
}

function symbolValue(char: string): number {
  const value = CODE_ALPHABET.indexOf(char);
  if (value < 0) throw new RangeError(`"${char}" is not a code character`);
  return value;
}
