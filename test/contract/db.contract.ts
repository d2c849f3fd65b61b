// The database contract: every backend passes these same tests. A suite opens one Database
// per backend; each test makes its own accounts, so tests never see each other's rows.
import { afterAll, beforeAll, describe } from 'vitest';
import { createDatabase, type Database } from '../../src/storage/db/index.ts';
import { accountAndKeyCases } from './db-keys.contract.ts';
import { templateCases } from './db-templates.contract.ts';
import { isolationCases } from './db-isolation.contract.ts';
import { concurrencyCases } from './db-concurrency.contract.ts';
import { webhookDeliveryCases } from './db-webhooks.contract.ts';
import { batchCases } from './db-batches.contract.ts';
import { fontCases } from './db-fonts.contract.ts';
import { tailwindThemeCases } from './db-tailwind-themes.contract.ts';
import type { DatabaseFixture, DatabaseFixtureFactory } from './db-fixture.ts';

export type { DatabaseFixture, DatabaseFixtureFactory } from './db-fixture.ts';

export interface ContractContext {
  /** The suite's shared Database, open for the whole suite. */
  db(): Database;
  fixture(): DatabaseFixture;
  /** Fresh, empty storage for tests about opening and migrating; the test destroys it. */
  createFixture: DatabaseFixtureFactory;
}

export function runDatabaseContract(name: string, createFixture: DatabaseFixtureFactory): void {
  describe(`database contract: ${name}`, () => {
    let fixture: DatabaseFixture | undefined;
    let db: Database | undefined;

    beforeAll(async () => {
      fixture = await createFixture();
      db = await createDatabase(fixture.options);
    });

    afterAll(async () => {
      await db?.close();
      await fixture?.destroy();
    });

    const context: ContractContext = {
      db: () => db ?? fail('database not open'),
      fixture: () => fixture ?? fail('fixture not created'),
      createFixture,
    };
    accountAndKeyCases(context);
    templateCases(context);
    isolationCases(context);
    concurrencyCases(context);
    webhookDeliveryCases(context);
    fontCases(context);
    tailwindThemeCases(context);
    batchCases(context);
  });
}

function fail(message: string): never {
  throw new Error(message);
}
