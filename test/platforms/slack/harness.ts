import { createApp, type App } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/ops/logger.js';
import { startSlack, type SlackPlatform } from '../../../src/platforms/slack/adapter.js';
import { testBank } from '../../support/bank.js';
import type { Bank } from '../../../src/domain/bank.js';
import { FakeSlack, type Ack, type Call } from '../../support/fake-slack.js';
import { blockActionPayload, commandPayload, httpTransport, socketTransport, type Transport, type Who } from '../../support/fake-slack-inbound.js';
import { testRedisUrl } from '../../support/redis.js';

export type Mode = 'http' | 'socket';
export const REPLY_METHODS = ['response_url', 'chat.postMessage', 'chat.postEphemeral', 'views.open'];
export const ADMIN = 'UADMIN001';

export interface Sent { ack: Ack; mark: number; responseId: string; triggerId: string }

/** The real Bolt app (via startSlack) against a fresh fake Slack, with a fresh workspace (community) per harness. */
export class Harness {
  readonly channel = 'CGENERAL1';
  private constructor(readonly fake: FakeSlack, readonly app: App, readonly platform: SlackPlatform, readonly transport: Transport, readonly logs: string[], readonly receiverUrl?: string) {}

  static async start(mode: Mode, env: Record<string, string> = {}, opts: { bank?: Bank; db?: number } = {}): Promise<Harness> {
    const fake = await FakeSlack.start();
    const logs: string[] = [];
    const log = createLogger('debug', { write: (s: string) => { logs.push(s); } });
    const config = loadConfig({
      SLACK_BOT_TOKEN: fake.botToken, SLACK_API_URL: fake.apiUrl, SLACK_ADMIN_USERS: ADMIN, CONSOLE: 'off',
      ...(mode === 'socket' ? { SLACK_APP_TOKEN: fake.appToken } : { SLACK_SIGNING_SECRET: fake.signingSecret }),
      ...env,
    });
    const app = await createApp({ config, redisUrl: testRedisUrl(), bank: opts.bank ?? testBank(), log, redisDb: opts.db });
    try {
      const platform = await startSlack(app, { listen: { host: '127.0.0.1', port: 0 } });
      if (mode === 'socket') {
        await fake.waitForSocket();
        return new Harness(fake, app, platform, socketTransport(fake), logs);
      }
      const url = `http://127.0.0.1:${platform.port}/slack/events`;
      return new Harness(fake, app, platform, httpTransport(url, fake.signingSecret), logs, url);
    } catch (err) {
      await app.close();
      await fake.close();
      throw err;
    }
  }

  get communityId(): string {
    return `slack:${this.fake.teamId}`;
  }

  who(user: string, userName?: string): Who {
    return { team: this.fake.teamId, user, userName };
  }

  async command(user: string, command: string, text = '', channel = this.channel): Promise<Sent> {
    const mark = this.fake.calls.length;
    const { payload, responseId, triggerId } = commandPayload(this.fake, this.who(user), channel, command, text);
    const ack = await this.transport.command(payload);
    return { ack, mark, responseId, triggerId };
  }

  async click(user: string, actionId: string, opts: { channel?: string; ephemeral?: boolean } = {}): Promise<Sent> {
    const mark = this.fake.calls.length;
    const { payload, responseId, triggerId } = blockActionPayload(this.fake, this.who(user), opts.channel ?? this.channel, actionId, { ephemeral: opts.ephemeral });
    const ack = await this.transport.interactive(payload);
    return { ack, mark, responseId, triggerId };
  }

  /** The first reply (response_url post, channel message, ephemeral or modal) after `mark`. */
  reply(mark: number, what = 'a reply'): Promise<Call> {
    return this.fake.waitFor(() => this.fake.since(mark).find((c) => REPLY_METHODS.includes(c.method)), what);
  }

  /** Sends a command and returns its first reply. */
  async run(user: string, command: string, text = '', channel = this.channel): Promise<Call> {
    const sent = await this.command(user, command, text, channel);
    expectAcked(sent.ack);
    return this.reply(sent.mark, `the reply to ${command} ${text}`);
  }

  /** Lets in-flight handlers finish, for assertions that something did NOT happen. */
  settle(ms = 300): Promise<void> {
    return new Promise((r) => setTimeout(r, ms));
  }

  async close(): Promise<void> {
    await this.platform.stop().catch(() => undefined);
    await this.app.close();
    await this.fake.close();
  }
}

/** An ack within Slack's 3 s: HTTP 200, or a Socket Mode ack. */
export function expectAcked(ack: Ack): void {
  if (ack.status !== undefined && ack.status !== 200) throw new Error(`HTTP receiver answered ${ack.status}`);
  if (ack.ms >= 3_000) throw new Error(`acknowledged after ${ack.ms} ms`);
}
