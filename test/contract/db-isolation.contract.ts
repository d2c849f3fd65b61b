// Contract cases for account isolation: for account B, account A's template is exactly as
// absent as an id that never existed, through every method, and B's attempts change nothing.
import { describe, expect, it } from 'vitest';
import type { ContractContext } from './db.contract.ts';
import { newAccount, sampleTemplate } from './db-templates.contract.ts';

const MISSING = 'tpl_doesnotexist0000';

export function isolationCases({ db }: ContractContext): void {
  describe('account isolation', () => {
    it('answers account B for A’s template exactly as for a missing one', async () => {
      const a = await newAccount(db(), 'A');
      const b = await newAccount(db(), 'B');
      const template = await db().templates.create(sampleTemplate(a));
      const t = db().templates;

      expect(await t.get(b, template.id)).toEqual(await t.get(b, MISSING));
      expect(await t.get(b, template.id)).toBeUndefined();
      expect(await t.get(b, template.id, 1)).toEqual(await t.get(b, MISSING, 1));
      expect(await t.versions(b, template.id)).toEqual(await t.versions(b, MISSING));
      expect(await t.update(b, template.id, { name: 'stolen' })).toEqual(
        await t.update(b, MISSING, { name: 'stolen' }),
      );
      expect(await t.delete(b, template.id)).toEqual(await t.delete(b, MISSING));
      expect(await t.delete(b, template.id)).toBe(false);
      expect((await t.list(b)).items).toEqual([]);

      // Nothing B did reached A's template.
      expect(await t.get(a, template.id)).toEqual(template);
      expect((await t.list(a)).items.map((item) => item.id)).toEqual([template.id]);
    });
  });
}
