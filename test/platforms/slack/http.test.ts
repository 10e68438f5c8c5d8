import { describe, expect, it } from 'vitest';
import { commandPayload, sign, signedPost } from '../../support/fake-slack-inbound.js';
import { slackScenarios } from './scenarios.js';

describe('Slack in HTTP mode (real Bolt receiver, signed requests, fake Slack)', () => {
  const harness = slackScenarios('http');

  it('refuses bad, stale and missing signatures with 401 and does nothing', async () => {
    const h = harness();
    const mark = h.fake.calls.length;
    const body = new URLSearchParams(commandPayload(h.fake, h.who('UALICE001'), h.channel, '/quiz', '').payload).toString();
    const form = 'application/x-www-form-urlencoded';
    const now = Math.floor(Date.now() / 1000);
    const bad = await signedPost(h.receiverUrl!, h.fake.signingSecret, body, { contentType: form, signature: sign('wrong-secret', now, body) });
    expect(bad.status).toBe(401);
    const stale = await signedPost(h.receiverUrl!, h.fake.signingSecret, body, { contentType: form, timestamp: now - 6 * 60 });
    expect(stale.status).toBe(401);
    const tampered = await signedPost(h.receiverUrl!, h.fake.signingSecret, body, { contentType: form, signature: sign(h.fake.signingSecret, now, `${body}x`) });
    expect(tampered.status).toBe(401);
    const res = await fetch(h.receiverUrl!, { method: 'POST', headers: { 'content-type': form }, body });
    expect(res.status).toBe(401);
    await h.settle();
    expect(h.fake.since(mark)).toEqual([]);
  });

  it('answers Slack\'s URL verification challenge', async () => {
    const h = harness();
    const res = await signedPost(h.receiverUrl!, h.fake.signingSecret, JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 't' }), { contentType: 'application/json' });
    expect(res).toMatchObject({ status: 200, payload: { challenge: 'c-123' } });
  });

  it('answers the health check', async () => {
    const h = harness();
    const res = await fetch(`http://127.0.0.1:${h.platform.port}/health`);
    expect(res.status).toBe(200);
    expect(h.platform.mode).toBe('http');
  });
});
