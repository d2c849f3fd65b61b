// HTMLPix under real plans (PLACARD_PLANS): each minted URL is one unit of the monthly quota,
// failed mints are refunded, image fetches are free, generation needs the `ai` feature, and
// the per-minute limit counts each keyed request once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAi, fenced, goodModule, type FakeAi } from '../ai/fake-openai.ts';
import { createTemplate, startHtmlpix, type ErrorBody, type HtmlpixServer } from './htmlpix-app.ts';

const formats = ['png', 'jpeg', 'webp'];
let ai: FakeAi;
beforeAll(async () => {
  ai = await startFakeAi(() => ({ content: fenced(goodModule()) }));
});
afterAll(() => ai.close());

describe('monthly quota and features', () => {
  let s: HtmlpixServer;
  beforeAll(async () => {
    const plans = { tight: { monthly_quota: 3, per_minute: null, features: [...formats, 'signed_urls'] } };
    s = await startHtmlpix({
      plans: JSON.stringify(plans),
      defaultPlan: 'tight',
      aiBaseUrl: ai.baseUrl,
      aiApiKey: 'k',
      aiModel: 'm',
    });
  });
  afterAll(() => s.close());

  const used = async () => (await s.t.services.metering!.usage('acc_install')).renders_this_month;

  it('charges one unit per minted URL, refunds a failed mint, and serves images for free', async () => {
    const templateId = await createTemplate(s);
    expect(await used()).toBe(0);
    const batch = await s.call<{ urls: { url: string }[] }>('POST', '/v1/urls', {
      items: [{ templateId }, { templateId, variables: { title: 'B' } }],
    });
    expect(batch.status).toBe(200);
    expect(await used()).toBe(2);
    const failed = await s.call('POST', '/v1/url', { templateId: 'tpl_nope' });
    expect(failed.status).toBe(404);
    expect(await used()).toBe(2);
    expect((await s.call('POST', '/v1/url', { templateId, variables: { title: 'C' } })).status).toBe(200);
    expect(await used()).toBe(3);

    const over = await s.call<ErrorBody>('POST', '/v1/url', { templateId });
    expect(over.status).toBe(429);
    expect(over.json.error.code).toBe('QUOTA_EXCEEDED');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    // The quota is spent, the minted URLs still serve.
    for (const { url } of batch.json.urls) expect((await fetch(url)).status).toBe(200);
    expect(await used()).toBe(3);
  });

  it('needs the ai feature for generation (402 PLAN_REQUIRED) and calls no model without it', async () => {
    const before = ai.requests.length;
    const res = await s.call<ErrorBody>('POST', '/v1/templates/generate', { items: [{ prompt: 'x' }] });
    expect(res.status).toBe(402);
    expect(res.json.error.code).toBe('PLAN_REQUIRED');
    expect(res.json.error.message).toContain('ai');
    expect(ai.requests.length).toBe(before);
  });
});

describe('AI quota', () => {
  it('charges only the items that produced a template', async () => {
    const plans = { ai: { monthly_quota: 10, per_minute: null, features: 'all' } };
    ai.requests.length = 0;
    const broken = await startFakeAi((body) =>
      JSON.stringify(body).includes('BROKEN')
        ? { content: 'no code here' }
        : { content: fenced(goodModule()) },
    );
    const s = await startHtmlpix({
      plans: JSON.stringify(plans),
      defaultPlan: 'ai',
      aiBaseUrl: broken.baseUrl,
      aiApiKey: 'k',
      aiModel: 'm',
    });
    try {
      const res = await s.call<{ results: { ok: boolean }[] }>('POST', '/v1/templates/generate', {
        items: [{ prompt: 'good one' }, { prompt: 'BROKEN one' }, { prompt: 'another good one' }],
      });
      expect(res.json.results.map((r) => r.ok)).toEqual([true, false, true]);
      expect((await s.t.services.metering!.usage('acc_install')).renders_this_month).toBe(2);
    } finally {
      await s.close();
      await broken.close();
    }
  });
});

describe('per-minute limit', () => {
  it('counts each keyed request once, sends X-RateLimit-*, answers 429 RATE_LIMITED past it', async () => {
    const plans = { slow: { per_minute: 3, features: 'all' } };
    const s = await startHtmlpix({ plans: JSON.stringify(plans), defaultPlan: 'slow' });
    try {
      const templateId = await createTemplate(s); // 1
      const minted = await s.call<{ url: string }>('POST', '/v1/url', { templateId }); // 2
      expect(minted.headers.get('x-ratelimit-limit')).toBe('3');
      expect(minted.headers.get('x-ratelimit-remaining')).toBe('1');
      expect((await s.call('GET', '/v1/templates?scope=mine')).status).toBe(200); // 3
      const limited = await s.call<ErrorBody>('GET', '/v1/templates'); // 4
      expect(limited.status).toBe(429);
      expect(limited.json.error.code).toBe('RATE_LIMITED');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      // The public image route is not keyed, so not limited.
      expect((await fetch(minted.json.url)).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});
