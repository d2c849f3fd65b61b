// The database layer: accounts, API keys and versioned templates on SQLite or PostgreSQL.
export { createDatabase, dialectOf } from './create.ts';
export { SQLITE_FILE } from './sqlite.ts';
export { KEY_TOUCH_INTERVAL_MS } from './repos/keys.ts';
export { TEMPLATE_LIST_DEFAULT } from './repos/template-reads.ts';
export * from './types.ts';
