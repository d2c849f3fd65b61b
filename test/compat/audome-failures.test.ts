// Audome's metering and render failures, each produced for real: plans with real metering
// (402 INSUFFICIENT_CREDITS for credits, quota and plan features; 429 RATE_LIMITED), a full
// render queue (429) and renders that fail (500 RENDER_FAILED), plus creditsUsed and
// creditsRemaining as the metering reports them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlacardError } from '../../src/errors/placard-error.ts';
import { expectAudomeError, generate } from './audome-client.ts';
import {
  audomeProject,
  nativeTemplate,
  newAccount,
  startDialects,
  startFailingDialects,
  testPlans,
  throwingJsx,
  type DialectServer,
} from './audome-fixture.ts';

let s: DialectServer;
let broken: Awaited<ReturnType<typeof startFailingDialects>>;

beforeAll(async () => {
  s = await startDialects({ config: testPlans });
  broken = await startFailingDialects();
});
afterAll(async () => {
  await s.close();
  await broken.server.close();
});

describe('402 INSUFFICIENT_CREDITS', () => {
  it('when the balance is zero, and counts credits when there are some', async () => {
    const { key, accountId } = await newAccount(s, 'credits');
    const id = await nativeTemplate(s, { name: 'P', kind: 'elements', source: audomeProject }, key);
    expectAudomeError(
      await generate(s.audome, { projectId: id }, key),
      402,
      'INSUFFICIENT_CREDITS',
      /Not enough credits/,
    );

    await s.services.metering!.addCredits(accountId, 2);
    const first = await generate(s.audome, { projectId: id, data: { 'title.text': 'one' } }, key);
    expect(first.body).toMatchObject({ success: true, creditsUsed: 1, creditsRemaining: 1 });
    // The same render again comes from the cache: it costs nothing.
    const again = await generate(s.audome, { projectId: id, data: { 'title.text': 'one' } }, key);
    expect(again.body).toMatchObject({ success: true, creditsUsed: 0, creditsRemaining: 1 });
  });

  it('when the monthly quota is used up', async () => {
    const { key } = await newAccount(s, 'quota');
    expect((await generate(s.audome, { html: '<p>1</p>' }, key)).status).toBe(200);
    expectAudomeError(
      await generate(s.audome, { html: '<p>2</p>' }, key),
      402,
      'INSUFFICIENT_CREDITS',
      /Monthly quota reached/,
    );
  });

  it("when the format is not in the account's plan", async () => {
    const { key } = await newAccount(s, 'pngOnly');
    expectAudomeError(
      await generate(s.audome, { html: '<p></p>', format: 'webp' }, key),
      402,
      'INSUFFICIENT_CREDITS',
      /Feature "webp"/,
    );
  });
});

describe('429 RATE_LIMITED', () => {
  it("past the plan's per-minute limit, with Retry-After", async () => {
    const { key } = await newAccount(s, 'tight');
    expect((await generate(s.audome, { html: '<p></p>' }, key)).status).toBe(200);
    expect((await generate(s.audome, { html: '<p></p>' }, key)).status).toBe(200);
    const sent = await generate(s.audome, { html: '<p></p>' }, key);
    expectAudomeError(sent, 429, 'RATE_LIMITED', /Rate limit reached/);
    expect(Number(sent.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('when the render queue is full (retry after the delay it gives)', async () => {
    broken.fail(
      new PlacardError('SERVER_BUSY', 'Too many renders queued; retry in 1 s.', {
        headers: { 'Retry-After': '1' },
      }),
    );
    const sent = await generate(broken.server.audome, { html: '<p></p>' });
    expectAudomeError(sent, 429, 'RATE_LIMITED', /Too many renders/);
    expect(sent.headers.get('retry-after')).toBe('1');
  });
});

describe('500 RENDER_FAILED', () => {
  it('when a project throws while rendering', async () => {
    const id = await nativeTemplate(s, throwingJsx);
    expectAudomeError(await generate(s.audome, { projectId: id }), 500, 'RENDER_FAILED', /cannot draw x/);
  });

  it('when the engine fails unexpectedly, revealing nothing internal', async () => {
    broken.fail(new Error('engine crashed at 0xdeadbeef'));
    const sent = await generate(broken.server.audome, { html: '<p></p>' });
    expectAudomeError(
      sent,
      500,
      'RENDER_FAILED',
      /^Internal renderer error; it has been logged\. Safe to retry once\.$/,
    );
  });
});
