import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { commandJson } from '../../../src/platforms/discord/register.js';
import { commands } from '../../../commands/index.js';
import { startDiscordHarness, type DiscordHarness } from '../../support/fake-discord-harness.js';
import { lastLetter } from '../../support/script.js';
import { buttonsOf, callbackOf, isEphemeral, textOf } from './helpers.js';

let h: DiscordHarness;
beforeAll(async () => { h = await startDiscordHarness(); });
afterAll(async () => { await h?.stop(); });

/** The request that carried a message's files (the interaction callback, a follow-up or an edit). */
const uploadOf = (messageId: string) => h.fake.requests.find((r) => r.files.length > 0 && r.status < 300 && JSON.stringify(r.response ?? {}).includes(messageId))
  ?? h.fake.requests.find((r) => r.files.length > 0 && r.status < 300);

describe('Discord: images inside the embed', () => {
  it('registers /progress, /goal and the image option of /leaderboard', () => {
    const json = commandJson(commands);
    expect(json.find((c) => c.name === 'progress')!.options).toEqual([expect.objectContaining({ name: 'user', type: 6, required: false })]);
    expect(json.find((c) => c.name === 'goal')!.options).toEqual([expect.objectContaining({ name: 'date', type: 3, required: false, max_length: 40 })]);
    expect(json.find((c) => c.name === 'leaderboard')!.options).toContainEqual(expect.objectContaining({ name: 'image', type: 5 }));
  });

  it('/progress uploads the PNG as a multipart attachment shown in a private embed, with the summary as alt text', async () => {
    const g = h.fake.addGuild();
    const ada = h.fake.addUser('ada');
    const card = await h.fake.reply(h.fake.slash({ guild: g, user: ada, command: 'quiz', options: { topic: 'probability', difficulty: 'hard' } }));
    await h.fake.reply(h.fake.click({ guild: g, user: ada, message: card, customId: buttonsOf(card)[0]!.custom_id }));

    const it = h.fake.slash({ guild: g, user: ada, command: 'progress' });
    const msg = await h.fake.reply(it);
    expect(isEphemeral(msg)).toBe(true);
    const req = callbackOf(h.fake, it) ?? uploadOf(msg.id)!;
    expect(req.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(req.files).toHaveLength(1);
    const file = req.files[0]!;
    expect(file.filename).toBe('progress.png');
    expect(file.bytes.length).toBeLessThan(1024 * 1024);
    const png = PNG.sync.read(file.bytes);
    expect(png.width).toBe(1200);

    expect(msg.attachments).toHaveLength(1);
    const attachment = msg.attachments![0]!;
    expect(attachment.filename).toBe('progress.png');
    expect(attachment.description).toMatch(/^Your progress chart\. Ready in 0 of 2 tracks/);
    expect(Buffer.compare(attachment.bytes, file.bytes)).toBe(0);
    const embed = msg.embeds[0] as { image?: { url: string }; title?: string };
    expect(embed.image?.url).toBe('attachment://progress.png');
    expect(embed.title).toBe('📈 Your progress');
    expect(textOf(msg)).toContain('**Ready in 0 of 2 tracks');
  });

  it('/leaderboard image:true posts the card in the channel; without it the board stays text', async () => {
    const g = h.fake.addGuild();
    const bo = h.fake.addUser('bo');
    await h.fake.reply(h.fake.slash({ guild: g, user: bo, command: 'team', sub: 'join', options: { name: 'bayesians' } }));
    const card = await h.fake.reply(h.fake.slash({ guild: g, user: bo, command: 'quiz', options: { topic: 'probability', difficulty: 'hard' } }));
    const letter = lastLetter(textOf(card), 'HH');
    await h.fake.reply(h.fake.click({ guild: g, user: bo, message: card, customId: buttonsOf(card).find((b) => b.label === letter)!.custom_id }));

    const plain = await h.fake.reply(h.fake.slash({ guild: g, user: bo, command: 'leaderboard', options: { period: 'all' } }));
    expect(plain.attachments ?? []).toHaveLength(0);

    const msg = await h.fake.reply(h.fake.slash({ guild: g, user: bo, command: 'leaderboard', options: { period: 'all', image: true } }));
    expect(isEphemeral(msg)).toBe(false);
    expect(msg.attachments?.map((a) => a.filename)).toEqual(['leaderboard.png']);
    expect((msg.embeds[0] as { image?: { url: string } }).image?.url).toBe('attachment://leaderboard.png');
    expect(msg.attachments![0]!.description).toMatch(/^Leaderboard, All time: 1\. Bo \(bayesians\) 30 points\. You: #1 with 30 points$/);
    expect(PNG.sync.read(msg.attachments![0]!.bytes).width).toBe(800);
  });
});

describe('Discord: images after a deferral', () => {
  let slow: DiscordHarness;
  beforeAll(async () => { slow = await startDiscordHarness({ discord: { deferAfterMs: 1 } }); });
  afterAll(async () => { await slow?.stop(); });

  it('sends the file with the edit of a private reply and with the follow-up of a public one', async () => {
    const g = slow.fake.addGuild();
    const cy = slow.fake.addUser('cy');
    const card = await slow.fake.reply(slow.fake.slash({ guild: g, user: cy, command: 'quiz', options: { topic: 'probability', difficulty: 'hard' } }));
    const letter = lastLetter(textOf(card), 'HH');
    await slow.fake.reply(slow.fake.click({ guild: g, user: cy, message: card, customId: buttonsOf(card).find((b) => b.label === letter)!.custom_id }));

    const progress = slow.fake.slash({ guild: g, user: cy, command: 'progress' });
    const edit = await slow.fake.waitFor((r) => r.route === '/webhooks/:app/:token/messages/:message' && r.method === 'PATCH' && r.files.length > 0 && r.params.token === progress.token, 5000, 'the edit with the image');
    expect(edit.status).toBe(200);
    expect(edit.files.map((f) => f.filename)).toEqual(['progress.png']);
    const original = slow.fake.messages.get(progress.originalId!)!;
    expect(isEphemeral(original)).toBe(true);
    expect(original.attachments?.map((a) => a.filename)).toEqual(['progress.png']);
    expect((original.embeds[0] as { image?: { url: string } }).image?.url).toBe('attachment://progress.png');

    const board = slow.fake.slash({ guild: g, user: cy, command: 'leaderboard', options: { period: 'all', image: true } });
    const post = await slow.fake.waitFor((r) => r.route === '/webhooks/:app/:token' && r.method === 'POST' && r.files.length > 0 && r.params.token === board.token, 5000, 'the follow-up with the image');
    expect(post.status).toBe(200);
    const posted = slow.fake.messages.get(post.response.id)!;
    expect(isEphemeral(posted)).toBe(false);
    expect(posted.attachments?.map((a) => a.filename)).toEqual(['leaderboard.png']);
  });
});
