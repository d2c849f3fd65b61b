// API keys: generated here, shown once, stored only as SHA-256 hashes in the database.
// Keys from PLACARD_API_KEYS are always accepted as admin keys of the install's own account;
// with none configured and none in the database, the first start creates one.
import { randomBytes } from 'node:crypto';
import { sha256 } from '../core/digest.ts';
import { KEY_TOUCH_INTERVAL_MS, type Database, type KeyRole } from '../storage/db/index.ts';

/** The install's own account: config keys and the bootstrap key belong to it. */
export const INSTALL_ACCOUNT_ID = 'acc_install';

export interface AuthContext {
  accountId: string;
  /** null for a key from PLACARD_API_KEYS, which has no database row. */
  keyId: string | null;
  role: KeyRole;
  /** Admin of the install's own account: may manage other accounts. */
  installAdmin: boolean;
}

export interface Authenticator {
  authenticate(key: string): Promise<AuthContext | undefined>;
  /**
   * Counts one request of the account against its per-minute limit and answers the
   * X-RateLimit-* headers; throws RATE_LIMITED past it. Absent: nothing is limited.
   */
  rateLimit?(accountId: string): Promise<Record<string, string>>;
}

export const hashKey = (key: string): string => sha256(key, 'hex');

export interface NewKey {
  key: string;
  hash: string;
  prefix: string;
}

export function generateKey(): NewKey {
  const key = `pk_${randomBytes(24).toString('base64url')}`;
  return { key, hash: hashKey(key), prefix: key.slice(0, 8) };
}

export async function ensureInstallAccount(db: Database): Promise<void> {
  if (await db.accounts.get(INSTALL_ACCOUNT_ID)) return;
  try {
    await db.accounts.create({ id: INSTALL_ACCOUNT_ID, name: 'install' });
  } catch (error) {
    // Another node created it at the same moment; anything else is a real failure.
    if (!(await db.accounts.get(INSTALL_ACCOUNT_ID))) throw error;
  }
}

/**
 * Makes sure somebody can log in: creates the install account, and an admin key when no key
 * is configured or stored. Returns the new key (to print once) or undefined.
 */
export async function bootstrapKeys(
  db: Database,
  configKeys: readonly string[],
): Promise<string | undefined> {
  await ensureInstallAccount(db);
  if (configKeys.length > 0 || (await db.keys.countActive()) > 0) return undefined;
  const created = generateKey();
  await db.keys.create({
    accountId: INSTALL_ACCOUNT_ID,
    name: 'bootstrap',
    role: 'admin',
    hash: created.hash,
    prefix: created.prefix,
  });
  return created.key;
}

const isStale = (lastUsedAt: string | null) =>
  lastUsedAt === null || Date.parse(lastUsedAt) <= Date.now() - KEY_TOUCH_INTERVAL_MS;

export function createAuthenticator(
  db: Database,
  configKeys: readonly string[],
  rateLimit?: Authenticator['rateLimit'],
): Authenticator {
  // Comparing SHA-256 digests through a Set leaks nothing usable about the key itself.
  const configHashes = new Set(configKeys.map(hashKey));
  return {
    ...(rateLimit && { rateLimit }),
    async authenticate(key) {
      if (key.length === 0 || key.length > 200) return undefined;
      const hash = hashKey(key);
      if (configHashes.has(hash)) {
        return { accountId: INSTALL_ACCOUNT_ID, keyId: null, role: 'admin', installAdmin: true };
      }
      const stored = await db.keys.findActiveByHash(hash);
      if (!stored) return undefined;
      // The row says when the key was last marked used: only a stale mark is written (an UPDATE
      // that matches no row still takes SQLite's write lock: 70 µs on every request of a busy key).
      if (isStale(stored.lastUsedAt)) {
        void db.keys.touch(stored.id).catch(() => undefined); // bookkeeping must never fail a request
      }
      return {
        accountId: stored.accountId,
        keyId: stored.id,
        role: stored.role,
        installAdmin: stored.role === 'admin' && stored.accountId === INSTALL_ACCOUNT_ID,
      };
    },
  };
}
