import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastLetter } from '../../support/script.js';
import { startDiscordHarness, type DiscordHarness } from '../../support/fake-discord-harness.js';
import { communityKeys } from '../../../src/store/keys.js';
import { buttonsOf, isEphemeral, textOf } from './helpers.js';

let h: DiscordHarness;
beforeAll(async () => { h = await startDiscordHarness(); });
afterAll(async () => { await h?.stop(); });

describe('Discord: hints and reports', () => {
  it('Hint shows the hint ephemerally; Report asks for a reason, then an optional note in a modal', async () => {
    const g = h.fake.addGuild();
    const alice = h.fake.addUser('alice');
    const card = await h.fake.reply(h.fake.slash({ guild: g, user: alice, command: 'quiz', options: { topic: 'probability', difficulty: 'hard' } }));
    expect(textOf(card)).not.toContain('start over');
    const hintButton = buttonsOf(card).find((b) => b.label === '💡 Hint (½ points)')!;
    const hint = await h.fake.reply(h.fake.click({ guild: g, user: alice, message: card, customId: hintButton.custom_id }));
    expect(isEphemeral(hint)).toBe(true);
    expect(textOf(hint)).toContain('After a miss, which pattern has to start over?');
    expect(textOf(hint)).toContain('A correct answer now scores 15 points instead of 30.');

    const letter = lastLetter(textOf(card), 'HH');
    const result = await h.fake.reply(h.fake.click({ guild: g, user: alice, message: card, customId: buttonsOf(card).find((b) => b.label === letter)!.custom_id }));
    expect(textOf(result)).toContain('Correct! +15 points (half, after the hint).');

    const reportButton = buttonsOf(result).find((b) => b.label === '🚩 Report')!;
    const menu = await h.fake.reply(h.fake.click({ guild: g, user: alice, message: result, customId: reportButton.custom_id }));
    expect(isEphemeral(menu)).toBe(true);
    expect(buttonsOf(menu).map((b) => b.label)).toEqual(['Wrong key', 'Unclear', 'Typo', 'Other']);
    const open = h.fake.click({ guild: g, user: alice, message: menu, customId: buttonsOf(menu)[0]!.custom_id });
    const modal = await h.fake.response(open);
    expect(modal.type).toBe(9);
    expect(modal.data.title).toBe('Report: Wrong key');
    expect(modal.data.components[0].component).toMatchObject({ type: 4, required: false, max_length: 500 });
    expect(modal.data.components[0].component).not.toHaveProperty('min_length');
    const sent = await h.fake.reply(h.fake.submitModal({ guild: g, user: alice, shownBy: open, values: {} }));
    expect(isEphemeral(sent)).toBe(true);
    expect(textOf(sent)).toContain('Thanks: reported as **Wrong key**');

    // A second report of the same question is refused before the modal.
    const again = await h.fake.reply(h.fake.click({ guild: g, user: alice, message: menu, customId: buttonsOf(menu)[1]!.custom_id }));
    expect(textOf(again)).toMatch(/You already reported this question \(\*\*Wrong key\*\*/);
    const stored = await h.app.redis.hgetall(communityKeys(`discord:${g.id}`).questionReports('t-coin-hard'));
    expect(Object.keys(stored)).toEqual([`discord:${alice.id}`]);
  });
});
