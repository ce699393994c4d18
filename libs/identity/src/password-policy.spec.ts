import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { IsAcceptablePassword, isCommonPassword, passwordProblems } from './password-policy';

class Form {
  @IsAcceptablePassword()
  password: unknown;
}

const constraints = async (password: unknown): Promise<string[]> =>
  (await validate(plainToInstance(Form, { password }))).flatMap((e) => Object.keys(e.constraints ?? {})).sort();

describe('the password policy', () => {
  it('loads the common-password list from node_modules', () => {
    for (const p of ['123456', 'password', 'qwerty123456', '1q2w3e4r5t6y', 'iloveyou']) expect([p, isCommonPassword(p)]).toEqual([p, true]);
  });

  it('refuses common passwords in any case, with digits or symbols added, and repeated units', () => {
    for (const p of ['QWERTY123456', 'Password2024!!', 'sunshine-1234', 'abcabcabcabc', '111111111111', 'xyxyxyxyxyxy'])
      expect([p, isCommonPassword(p)]).toEqual([p, true]);
    for (const p of ['Mtskheta-river-at-dawn', 'correct-horse-battery', 'probity-demo-2026', 'ნინო-ბერიძე-თბილისი', 'Кошка на крыше 7'])
      expect([p, isCommonPassword(p)]).toEqual([p, false]);
  });

  it('names each violated rule', async () => {
    expect(await constraints('eleven-char')).toEqual(['minLength']);
    expect(await constraints(' '.repeat(13))).toEqual(['passwordBlank']);
    expect(await constraints('\u00a0\t'.repeat(7))).toEqual(['passwordBlank']);
    expect(await constraints('qwerty123456')).toEqual(['passwordCommon']);
    expect(await constraints('x'.repeat(201))).toEqual(['maxLength', 'passwordCommon']);
    expect(await constraints(42)).toEqual(['isString', 'maxLength', 'minLength']);
    expect(await constraints('Mtskheta-river-at-dawn')).toEqual([]);
    expect(passwordProblems('Kx7-vq2-Zr')).toEqual(['minLength']);
    expect(passwordProblems('letmein')).toEqual(['minLength', 'passwordCommon']);
    expect(passwordProblems('probity-admin-2026')).toEqual([]);
  });
});
