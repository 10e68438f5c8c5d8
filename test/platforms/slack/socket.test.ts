import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/ops/logger.js';
import { startSlack } from '../../../src/platforms/slack/adapter.js';
import { testBank } from '../../support/bank.js';
import { FakeSlack } from '../../support/fake-slack.js';
import { testRedisUrl } from '../../support/redis.js';
import { slackScenarios } from './scenarios.js';

describe('Slack in Socket Mode (real Bolt, fake Slack)', () => {
  const harness = slackScenarios('socket');

  it('connected through apps.connections.open with the app token', () => {
    const h = harness();
    const open = h.fake.calls.filter((c) => c.method === 'apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.token).toBe(h.fake.appToken);
    expect(h.platform.mode).toBe('socket');
  });
});

describe('Slack start-up errors', () => {
  async function attempt(env: Record<string, string>, fake: FakeSlack): Promise<string> {
    const config = loadConfig({ SLACK_API_URL: fake.apiUrl, CONSOLE: 'off', ...env });
    const app = await createApp({ config, redisUrl: testRedisUrl(), bank: testBank(), log: createLogger('silent') });
    try {
      await startSlack(app);
      return 'started';
    } catch (err) {
      return (err as Error).message;
    } finally {
      await app.close();
    }
  }

  it('names the bad token without printing it', async () => {
    const fake = await FakeSlack.start();
    try {
      const badBot = await attempt({ SLACK_BOT_TOKEN: 'xoxb-not-a-real-token', SLACK_APP_TOKEN: fake.appToken }, fake);
      expect(badBot).toMatch(/Slack rejected SLACK_BOT_TOKEN \(invalid_auth\)/);
      expect(badBot).not.toContain('xoxb-not-a-real-token');
      const badApp = await attempt({ SLACK_BOT_TOKEN: fake.botToken, SLACK_APP_TOKEN: 'xapp-1-wrong' }, fake);
      expect(badApp).toMatch(/Slack rejected SLACK_APP_TOKEN \(invalid_auth\)/);
      expect(badApp).not.toContain('xapp-1-wrong');
    } finally {
      await fake.close();
    }
  });
});
