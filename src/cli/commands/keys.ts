// `placard keys create|list|revoke`: key management for the operator on the machine, straight
// on the database (the same one `placard serve` uses, from the same PLACARD_* settings).
import type { Command } from 'commander';
import { ensureInstallAccount, generateKey, INSTALL_ACCOUNT_ID } from '../../auth/keys.ts';
import { loadConfig } from '../../config.ts';
import { PlacardError } from '../../errors/placard-error.ts';
import { createDatabase, keyRoles, type Database, type KeyRole } from '../../storage/db/index.ts';

async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await createDatabase({ url: config.databaseUrl || undefined, dataDir: config.dataDir });
  try {
    await ensureInstallAccount(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('Create, list and revoke API keys.');

  keys
    .command('create')
    .description('Create a key and print it (shown only this once).')
    .option('--name <name>', 'a label for the key', 'cli')
    .option('--role <role>', 'admin or member', 'admin')
    .option('--account <id>', "the account (default: the install's own)")
    .option('--new-account <name>', 'create a new account for the key')
    .action(async (flags: { name: string; role: string; account?: string; newAccount?: string }) => {
      if (!(keyRoles as readonly string[]).includes(flags.role)) {
        throw new PlacardError(
          'VALIDATION_FAILED',
          `--role must be admin or member; received ${JSON.stringify(flags.role)}`,
        );
      }
      await withDatabase(async (db) => {
        let accountId = flags.account ?? INSTALL_ACCOUNT_ID;
        if (flags.newAccount) accountId = (await db.accounts.create({ name: flags.newAccount })).id;
        else if (!(await db.accounts.get(accountId))) {
          throw new PlacardError('NOT_FOUND', `No account ${JSON.stringify(accountId)}.`);
        }
        const created = generateKey();
        const stored = await db.keys.create({
          accountId,
          name: flags.name,
          role: flags.role as KeyRole,
          hash: created.hash,
          prefix: created.prefix,
        });
        console.error(`placard: created ${stored.role} key ${stored.id} in account ${accountId}`);
        process.stdout.write(`${created.key}\n`);
      });
    });

  keys
    .command('list')
    .description("List an account's keys (never the keys themselves).")
    .option('--account <id>', "the account (default: the install's own)")
    .action(async (flags: { account?: string }) => {
      await withDatabase(async (db) => {
        for (const key of await db.keys.list(flags.account ?? INSTALL_ACCOUNT_ID)) {
          const state = key.revokedAt ? `revoked ${key.revokedAt}` : `last used ${key.lastUsedAt ?? 'never'}`;
          process.stdout.write(`${key.id}\t${key.prefix}…\t${key.role}\t${key.name}\t${state}\n`);
        }
      });
    });

  keys
    .command('revoke')
    .description('Revoke a key by id.')
    .argument('<id>', 'the key id (key_...)')
    .option('--account <id>', "the account (default: the install's own)")
    .action(async (id: string, flags: { account?: string }) => {
      await withDatabase(async (db) => {
        if (!(await db.keys.revoke(flags.account ?? INSTALL_ACCOUNT_ID, id))) {
          throw new PlacardError('NOT_FOUND', `No active key ${JSON.stringify(id)} in that account.`);
        }
        console.error(`placard: revoked ${id}`);
      });
    });
}
