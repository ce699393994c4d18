import {
  CODE_ALPHABET,
  CODE_DATA_LENGTH,
  CODE_LENGTH,
  checkCharacter,
  formatCode,
  generateCode,
  gfMultiply,
  isValidCode,
  normalizeCode,
  weight,
} from './codes';

const SAMPLE = Array.from({ length: 300 }, generateCode);

describe('verification codes', () => {
  it('are 10 random Crockford base32 characters and a check character', () => {
    for (const code of SAMPLE) {
      expect(code).toMatch(/^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{11}$/);
      expect(isValidCode(code)).toBe(true);
    }
    expect(new Set(SAMPLE).size).toBe(SAMPLE.length);
  });

  it('use every character of the alphabet in every data position', () => {
    const codes = Array.from({ length: 2000 }, generateCode);
    for (let i = 0; i < CODE_DATA_LENGTH; i++) expect(new Set(codes.map((code) => code[i])).size).toBe(32);
  });

  it('are formatted in groups of four', () => {
    expect(formatCode('7KQ4M9XT2CJ')).toBe('7KQ4-M9XT-2CJ');
  });

  it('normalise what people type', () => {
    const code = '0IL4M9XT2CJ';
    expect(normalizeCode('oil4-m9xt-2cj')).toBe('0114M9XT2CJ');
    expect(normalizeCode(' 0IL4 M9XT 2CJ ')).toBe('0114M9XT2CJ');
    expect(normalizeCode('0il4–m9xt—2cj')).toBe('0114M9XT2CJ');
    expect(normalizeCode(code.replace('M', 'U'))).toBeNull();
    expect(normalizeCode('0IL4-M9XT-2C')).toBeNull();
    expect(normalizeCode('0IL4-M9XT-2CJJ')).toBeNull();
    expect(normalizeCode('0IL4-M9XT-2C!')).toBeNull();
    expect(normalizeCode('')).toBeNull();
  });

  it('accept any spelling of a valid code', () => {
    const code = `${'0110ABCDEF'}${checkCharacter('0110ABCDEF')}`;
    expect(isValidCode(code)).toBe(true);
    expect(isValidCode(formatCode(code).toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l'))).toBe(true);
  });

  it('reject U, wrong lengths and rubbish', () => {
    expect(isValidCode('')).toBe(false);
    expect(isValidCode('UUUUUUUUUUU')).toBe(false);
    expect(isValidCode(SAMPLE[0].slice(0, CODE_LENGTH - 1))).toBe(false);
  });
});

describe('the check character', () => {
  it('detects every single-character substitution', () => {
    const undetected: string[] = [];
    let tried = 0;
    for (const code of SAMPLE) {
      for (let i = 0; i < CODE_LENGTH; i++) {
        for (const char of CODE_ALPHABET) {
          if (char === code[i]) continue;
          const typo = code.slice(0, i) + char + code.slice(i + 1);
          tried++;
          if (isValidCode(typo)) undetected.push(typo);
        }
      }
    }
    expect(tried).toBe(SAMPLE.length * CODE_LENGTH * 31);
    expect(undetected).toEqual([]);
  });

  it('detects every adjacent transposition, the check character included', () => {
    const undetected: string[] = [];
    for (const code of SAMPLE) {
      for (let i = 0; i + 1 < CODE_LENGTH; i++) {
        const typo = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        if (typo !== code && isValidCode(typo)) undetected.push(typo);
      }
    }
    expect(undetected).toEqual([]);
  });

  it('detects every transposition of two characters, adjacent or not', () => {
    const undetected: string[] = [];
    for (const code of SAMPLE) {
      for (let i = 0; i < CODE_LENGTH; i++) {
        for (let j = i + 1; j < CODE_LENGTH; j++) {
          const typo = [...code];
          [typo[i], typo[j]] = [typo[j], typo[i]];
          if (code[i] !== code[j] && isValidCode(typo.join(''))) undetected.push(typo.join(''));
        }
      }
    }
    expect(undetected).toEqual([]);
  });

  it('detects substitutions and adjacent swaps for all inputs, proven over GF(32)', () => {
    const weights = Array.from({ length: CODE_LENGTH }, (_, k) => weight(k));
    expect(new Set(weights).size).toBe(CODE_LENGTH);
    expect(weights).not.toContain(0);
    const zeroes: string[] = [];
    for (let i = 0; i < CODE_LENGTH; i++) {
      for (let difference = 1; difference < 32; difference++) {
        if (gfMultiply(weights[i], difference) === 0) zeroes.push(`substitution at ${i} by ${difference}`);
        for (let j = i + 1; j < CODE_LENGTH; j++) {
          if (gfMultiply(weights[i] ^ weights[j], difference) === 0) zeroes.push(`swap of ${i} and ${j} by ${difference}`);
        }
      }
    }
    expect(zeroes).toEqual([]);
  });

  it('uses a field: multiplication is associative, commutative and α generates all 31 non-zero elements', () => {
    expect(new Set(Array.from({ length: 31 }, (_, k) => weight(k))).size).toBe(31);
    expect(weight(31)).toBe(1);
    const broken: number[][] = [];
    for (let a = 0; a < 32; a++) {
      for (let b = 0; b < 32; b++) {
        for (let c = 0; c < 32; c++) {
          const commutes = gfMultiply(a, b) === gfMultiply(b, a);
          const associates = gfMultiply(gfMultiply(a, b), c) === gfMultiply(a, gfMultiply(b, c));
          const distributes = gfMultiply(a, b ^ c) === (gfMultiply(a, b) ^ gfMultiply(a, c));
          if (!commutes || !associates || !distributes) broken.push([a, b, c]);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('is a function of the 10 data characters only', () => {
    expect(() => checkCharacter('123')).toThrow(RangeError);
    expect(() => checkCharacter('0123456789U'.slice(1))).toThrow(RangeError);
  });
});
