import { DATA_CATEGORIES, LEGAL_BASES, RETENTION_RULES, type TableDeclaration } from '@probity/database';
import { PURPOSES, REGISTER, registerGaps } from './register';

describe('register of personal data', () => {
  it('uses only known categories, purposes, legal bases and retention rules, and no empty group', () => {
    for (const d of REGISTER)
      for (const g of d.personal) {
        const where = `${d.table}: ${g.columns.join(', ')}`;
        expect([where, DATA_CATEGORIES.includes(g.category)]).toEqual([where, true]);
        expect([where, (PURPOSES as readonly string[]).includes(g.purpose)]).toEqual([where, true]);
        expect([where, LEGAL_BASES.includes(g.legalBasis)]).toEqual([where, true]);
        expect([where, RETENTION_RULES.includes(g.retention)]).toEqual([where, true]);
        expect(g.columns.length).toBeGreaterThan(0);
      }
  });

  it('declares a person’s id as personal wherever it stands', () => {
    const personIds = ['user_id', 'created_by', 'author_id', 'actor_id', 'learner_id', 'grader_id', 'decided_by', 'issued_by'];
    for (const d of REGISTER) expect([d.table, d.notPersonal.filter((c) => personIds.includes(c))]).toEqual([d.table, []]);
  });

  it('reports undeclared, unknown and repeated columns', () => {
    const declarations: TableDeclaration[] = [
      {
        table: 'people',
        context: 'identity',
        personal: [
          { columns: ['name'], category: 'identity', purpose: 'manage_accounts', legalBasis: 'public_task', retention: 'account_lifetime' },
        ],
        notPersonal: ['id', 'name', 'gone'],
      },
      { table: 'ghosts', context: 'identity', personal: [], notPersonal: ['id'] },
    ];
    const columns = [
      { table: 'people', column: 'id' },
      { table: 'people', column: 'name' },
      { table: 'people', column: 'nickname' },
      { table: 'migrations', column: 'id' },
    ];
    expect(registerGaps(declarations, columns)).toEqual({
      undeclared: ['people.nickname'],
      unknown: ['ghosts', 'people.gone'],
      repeated: ['people.name'],
    });
    expect(registerGaps([...declarations.slice(0, 1), declarations[0]], columns).repeated).toEqual([
      'people',
      'people.gone',
      'people.id',
      'people.name',
    ]);
  });
});
