// The job queue: one interface, a database backend (the default) and a BullMQ backend.
export { createBullmqQueue, type BullmqQueueOptions } from './bullmq.ts';
export { createDatabaseQueue, type DatabaseQueueOptions } from './database.ts';
export * from './types.ts';
