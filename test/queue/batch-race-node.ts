// The second node of the batch.completed race test, in its own process: opens the same storage,
// runs batch items like the test's own node, and lets every running item end when a line
// arrives on stdin. Prints "ready" once its queue is started; exits when stdin closes.
// Usage: node --import tsx batch-race-node.ts '<RaceNode as JSON>'
import readline from 'node:readline';
import { createDatabase } from '../../src/storage/db/index.ts';
import { openRaceNode, type RaceNode } from './batch-race-setup.ts';

const node = JSON.parse(process.argv[2] ?? '{}') as RaceNode;
const db = await createDatabase(node.storage);
let open: () => void = () => {};
let release = new Promise<void>((resolve) => (open = resolve));
const queue = await openRaceNode(db, node, () => release);
const lines = readline.createInterface({ input: process.stdin });
lines.on('line', () => {
  const opened = open;
  release = new Promise<void>((resolve) => (open = resolve));
  opened();
});
lines.on('close', () => {
  open();
  void queue.close().then(() => db.close());
});
process.stdout.write('ready\n');
