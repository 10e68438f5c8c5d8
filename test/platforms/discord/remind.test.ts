import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.js';
import { jobIds, type RemindJob } from '../../../src/delivery/jobs.js';
import { dayNumber } from '../../../src/domain/calendar.js';
import { commandJson } from '../../../src/platforms/discord/register.js';
import { startDiscordHarness, type DiscordHarness } from '../../support/fake-discord-harness.js';
import type { FakeGuild, FakeUser } from '../../support/fake-discord.js';
import { lastLetter } from '../../support/script.js';
import { buttonsOf, isEphemeral, textOf } from './helpers.js';

/** Reminders on Discord: the slash command, the DM through the REST poster, and one tap in the DM answering it. */
let h: DiscordHarness;
beforeAll(async () => {
  h = await startDiscordHarness({ db: 10 });
  h.app.delivery.attach(h.platform.messenger);
});
afterAll(async () => { await h?.stop(); });

/** Runs the user's next queued reminder as if its time had come (the delivery clock jumps there). */
async function runReminder(g: FakeGuild, user: FakeUser): Promise<string> {
  const community = `discord:${g.id}`;
  const next = await h.app.services.reminders.state(community, `discord:${user.id}`);
  const day = dayNumber(new Date(), next.zone);
  let job: Job<RemindJob> | undefined;
  for (const d of [day, day + 1]) job ??= (await h.app.delivery.job('discord', jobIds.remind(community, `discord:${user.id}`, d))) as Job<RemindJob> | undefined;
  if (!job) throw new Error('no reminder queued');
  h.app.delivery.setClock(() => new Date(job.data.at + 1000));
  try {
    await job.promote();
    return await h.app.delivery.settled('discord', job.id!);
  } finally {
    h.app.delivery.setClock(() => new Date());
  }
}

describe('Discord: /remind', () => {
  it('registers action and time as typed options', () => {
    const remind = commandJson(commands).find((c) => c.name === 'remind')!;
    expect(remind.options).toEqual([
      expect.objectContaining({ name: 'action', type: 3, required: false, choices: ['on', 'off', 'show'].map((v) => ({ name: v, value: v })) }),
      expect.objectContaining({ name: 'time', type: 3, required: false, max_length: 20 }),
    ]);
  });

  it('sends the reminder by DM with buttons that answer from the DM, within Discord\'s limits', async () => {
    const g = h.fake.addGuild();
    const alice = h.fake.addUser('alice');
    const on = await h.fake.reply(h.fake.slash({ guild: g, user: alice, command: 'remind', options: { action: 'on', time: '7:45' } }));
    expect(isEphemeral(on)).toBe(true);
    expect(textOf(on)).toContain('At **07:45** (UTC)');
    expect(textOf(on)).toContain('allow direct messages from this server\'s members');

    expect(await runReminder(g, alice)).toBe('completed');
    const [dm] = h.fake.dmsTo(alice);
    expect(dm).toBeDefined();
    const sent = h.fake.requests.find((r) => r.route === '/channels/:channel/messages' && r.response?.id === dm!.id)!;
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ enforce_nonce: true, allowed_mentions: { parse: [] } });
    expect(textOf(dm!)).toContain('⏰ Time for today\'s question');
    expect(textOf(dm!)).toContain('two children');
    const ids = buttonsOf(dm!).map((b) => b.custom_id);
    expect(ids.every((id) => id.startsWith(`@discord:${g.id}|ans:`) && id.length <= 100)).toBe(true);

    const letter = lastLetter(textOf(dm!), '1/3');
    const dmChannel = h.fake.dmChannel(alice);
    const press = h.fake.clickInDm({ user: alice, message: dm!, customId: ids['ABC'.indexOf(letter)]!, channel: dmChannel });
    const result = await h.fake.reply(press);
    expect(isEphemeral(result)).toBe(true);
    expect(textOf(result)).toContain('✅ Correct! +20 points.');
    expect(textOf(result)).toContain('Streak: 1 day');
    // The result's own buttons work from the DM as well.
    expect(buttonsOf(result).map((b) => b.custom_id)).toEqual([`@discord:${g.id}|next:*:*`, expect.stringMatching(new RegExp(`^@discord:${g.id}\\|rep:[a-z0-9]{10}$`))]);
    const another = await h.fake.reply(h.fake.clickInDm({ user: alice, message: result, customId: buttonsOf(result)[0]!.custom_id, channel: dmChannel }));
    expect(textOf(another)).toMatch(/math · probability|deep · cnns/);

    const streak = await h.fake.reply(h.fake.slash({ guild: g, user: alice, command: 'streak' }));
    expect(textOf(streak)).toMatch(/Current streak: \*\*1\*\* day/);
    expect(textOf(streak)).toContain('A reminder comes at 07:45 on days without an answer');
  });

  it('ignores a DM button that names a server where the user never set up reminders', async () => {
    const g = h.fake.addGuild();
    const other = h.fake.addGuild();
    const bob = h.fake.addUser('bob');
    await h.fake.reply(h.fake.slash({ guild: g, user: bob, command: 'remind', options: { action: 'on' } }));
    expect(await runReminder(g, bob)).toBe('completed');
    const [dm] = h.fake.dmsTo(bob);
    const forged = buttonsOf(dm!)[0]!.custom_id.replace(g.id, other.id);
    const reply = await h.fake.reply(h.fake.clickInDm({ user: bob, message: dm!, customId: forged, channel: h.fake.dmChannel(bob), forged: true }));
    expect(textOf(reply)).toContain('Daily Gradient works in server channels');
    expect(await h.app.redis.exists(`{c:discord:${other.id}}:u:discord:${bob.id}`)).toBe(0);
  });

  it('closed DMs turn reminders off for the user, and /remind says why', async () => {
    const g = h.fake.addGuild();
    const carl = h.fake.addUser('carl', { dmClosed: true });
    await h.fake.reply(h.fake.slash({ guild: g, user: carl, command: 'remind', options: { action: 'on', time: '20:00' } }));
    expect(await runReminder(g, carl)).toBe('failed');
    expect(h.fake.requests.some((r) => r.route === '/channels/:channel/messages' && r.status === 403 && r.response.code === 50007)).toBe(true);
    const shown = await h.fake.reply(h.fake.slash({ guild: g, user: carl, command: 'remind' }));
    expect(textOf(shown)).toContain('⏰ Reminders are off');
    expect(textOf(shown)).toContain('could not send you a direct message: the user does not accept direct messages');
    expect(h.logs.some((l) => l.includes('reminders turned off for the user'))).toBe(true);
  });
});
