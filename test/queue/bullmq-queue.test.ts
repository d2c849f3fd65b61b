// What the BullMQ queue promises beyond the contract: creation fails, rather than hangs, when
// Redis does not answer, and BullMQ's own failure reasons still read as a JobError.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { decodeJobError } from '../../src/queue/bullmq-jobs.ts';
import { createBullmqQueue } from '../../src/queue/bullmq.ts';

/** A port that refuses connections: one that was free a moment ago. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('bullmq queue', () => {
  it('fails creation when Redis does not answer, without echoing the password', async () => {
    const url = `redis://user:hunter2@127.0.0.1:${await closedPort()}`;
    const creating = createBullmqQueue({
      url,
      connectTimeoutMs: 300,
      onError: () => {},
      maxAttempts: 1,
      backoffMs: 10,
      concurrency: 1,
    });
    await expect(creating).rejects.toThrow(/did not answer within 300 ms/);
    await expect(creating).rejects.not.toThrow(/hunter2/);
  });

  it('reads our encoded errors back, and reports BullMQ’s own reasons as internal', () => {
    expect(decodeJobError(JSON.stringify({ code: 'RENDER_FAILED', message: 'boom' }))).toEqual({
      code: 'RENDER_FAILED',
      message: 'boom',
    });
    expect(decodeJobError('job stalled more than allowable limit')).toEqual({
      code: 'INTERNAL_ERROR',
      message: 'job stalled more than allowable limit',
    });
    expect(decodeJobError(undefined)).toBeNull();
    expect(decodeJobError('')).toBeNull();
  });

  it('refuses options that cannot work, all at once', async () => {
    await expect(
      createBullmqQueue({ url: 'redis://127.0.0.1:6379', maxAttempts: 0, backoffMs: -1, concurrency: 1.5 }),
    ).rejects.toThrow(/maxAttempts must be .*concurrency must be .*backoffMs must be/);
  });
});
