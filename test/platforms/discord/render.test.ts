import { describe, expect, it } from 'vitest';
import { channelRef, instant, type Reply } from '../../../src/core/reply.js';
import { renderMessage, renderModal, subjectChoices } from '../../../src/platforms/discord/render.js';
import { checkMessage, checkModal, embedLength } from '../../support/fake-discord-limits.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
/** The message as discord.js puts it on the wire (builders serialise with toJSON; allowedMentions -> allowed_mentions). */
const json = (reply: Reply): any => {
  const m = renderMessage(reply);
  return JSON.parse(JSON.stringify({ embeds: m.embeds, components: m.components, allowed_mentions: m.allowedMentions }));
};

describe('Discord rendering', () => {
  it('mentions Discord channels where Discord renders them, and names them as text elsewhere', () => {
    const study = channelRef('discord:123456789012345678');
    const body = json({
      visibility: 'private', title: `Posts in ${study}`, body: `the bot cannot post in ${study}`,
      fields: [{ name: `Schedule in ${study}`, value: `${study} · ${channelRef('slack:C0123ABC')}` }], footer: `see ${study}`,
    });
    const [embed] = body.embeds;
    expect(embed.title).toBe('Posts in #123456789012345678');
    expect(embed.description).toBe('the bot cannot post in <#123456789012345678>\n\n-# see <#123456789012345678>');
    expect(embed.fields[0]).toMatchObject({ name: 'Schedule in #123456789012345678', value: '<#123456789012345678> · #C0123ABC' });
    expect(embed.footer).toBeUndefined();
    expect(body.allowed_mentions).toEqual({ parse: [] });
  });

  it('keeps an oversized reply within every Discord limit, cutting text cleanly', () => {
    const reply: Reply = {
      visibility: 'channel', tone: 'info', title: 'T'.repeat(400),
      body: Array.from({ length: 2000 }, (_, i) => `word${i}`).join(' '),
      fields: Array.from({ length: 30 }, (_, i) => ({ name: `Field ${i} ${'n'.repeat(300)}`, value: 'v '.repeat(1000) })),
      footer: 'f'.repeat(3000),
      buttons: [
        ...Array.from({ length: 30 }, (_, i) => ({ actionId: `next:t${i}:*`, label: 'L'.repeat(120) })),
        { actionId: 'next:t1:*', label: 'duplicate id' },
        { actionId: `x${'y'.repeat(120)}`, label: 'id too long' },
      ],
    };
    const body = json(reply);
    expect(checkMessage(body)).toEqual([]);
    const [embed] = body.embeds;
    expect(embedLength(embed)).toBeLessThanOrEqual(6000);
    expect(embed.title).toHaveLength(256);
    expect(embed.title.endsWith('…')).toBe(true);
    expect(embed.description.endsWith('…')).toBe(true);
    expect(embed.description).toMatch(/word\d+…$/); // cut at a word boundary
    expect(embed.fields.length).toBeLessThanOrEqual(25);
    expect(embed.fields.at(-1).value).toMatch(/more not shown/);
    expect(body.components).toHaveLength(5);
    for (const row of body.components) expect(row.components.length).toBeLessThanOrEqual(5);
    const ids = body.components.flatMap((r: any) => r.components.map((c: any) => c.custom_id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id: string) => id.length <= 100)).toBe(true);
    expect(body.components[0].components[0].label).toHaveLength(80);
    expect(body.allowed_mentions).toEqual({ parse: [] });
  });

  it('carries a field value longer than a field holds on into the next fields, split at a line or word, not cut', () => {
    const points = Array.from({ length: 6 }, (_, i) => `• Point ${i + 1}: ${'words here '.repeat(18).trim()}.`);
    const long = `${'A long model answer '.repeat(90).trim()}.`;
    const body = json({ visibility: 'private', body: 'Compare.', fields: [{ name: 'Key points', value: points.join('\n') }, { name: 'Model answer', value: long }] });
    expect(checkMessage(body)).toEqual([]);
    const fields = body.embeds[0].fields as { name: string; value: string }[];
    expect(fields.map((f) => f.name)).toEqual(['Key points', '\u200b', 'Model answer', '\u200b']);
    for (const f of fields) expect(f.value.length).toBeLessThanOrEqual(1024);
    // Key points split between lines; the answer between words; nothing is lost.
    expect([fields[0]!.value, fields[1]!.value].join('\n')).toBe(points.join('\n'));
    expect(fields[1]!.value.startsWith('• Point ')).toBe(true);
    expect([fields[2]!.value, fields[3]!.value].join(' ')).toBe(long);
  });

  it('moves footers with Markdown (spoilers, code) into the description as subtext; plain footers stay footers', () => {
    const hinted = json({ visibility: 'private', body: 'Question?', footer: 'Answer with `/answer B`. Hint: ||list the cases||' });
    expect(hinted.embeds[0].footer).toBeUndefined();
    expect(hinted.embeds[0].description).toBe('Question?\n\n-# Answer with `/answer B`. Hint: ||list the cases||');
    const plain = json({ visibility: 'private', body: 'Board', footer: 'Days are counted in UTC.' });
    expect(plain.embeds[0].footer).toEqual({ text: 'Days are counted in UTC.' });
    // A long body never pushes the hint out.
    const long = json({ visibility: 'private', body: 'x '.repeat(3000), footer: 'Hint: ||h||' });
    expect(long.embeds[0].description.endsWith('-# Hint: ||h||')).toBe(true);
    expect(checkMessage(long)).toEqual([]);
  });

  it('shows instants as native timestamps where Discord renders them, and as text in titles and field names', () => {
    const at = Date.UTC(2026, 10, 21, 16, 0) / 1000;
    const t = instant(at * 1000, 'Europe/Berlin');
    const body = json({
      visibility: 'channel', title: `Due ${t}`, body: `Revealed ${t}.`,
      fields: [{ name: `Next ${t}`, value: `${t}\n${t}` }], footer: `Answer with buttons. Open until ${t} (8h).`,
    });
    const [embed] = body.embeds;
    const native = `<t:${at}:f> (<t:${at}:R>)`;
    expect(embed.title).toBe('Due Sat 21 Nov, 17:00 Europe/Berlin');
    expect(embed.fields[0].name).toBe('Next Sat 21 Nov, 17:00 Europe/Berlin');
    expect(embed.fields[0].value).toBe(`${native}\n${native}`);
    // Footers do not render timestamps, so a footer with one becomes subtext in the description.
    expect(embed.footer).toBeUndefined();
    expect(embed.description).toBe(`Revealed ${native}.\n\n-# Answer with buttons. Open until ${native} (8h).`);
    expect(JSON.stringify(body)).not.toMatch(/\uE000|\uE001/);
    expect(checkMessage(body)).toEqual([]);
  });

  it('keeps a reply full of timestamps within the limits, never cutting one in half', () => {
    const t = instant(Date.UTC(2026, 0, 1), 'UTC');
    const body = json({
      visibility: 'channel', title: `${t} `.repeat(20), body: `Next ${t} `.repeat(400),
      fields: Array.from({ length: 30 }, () => ({ name: 'n', value: `${t}\n`.repeat(60) })), footer: `Open until ${t}. `.repeat(100),
    });
    expect(checkMessage(body)).toEqual([]);
    const [embed] = body.embeds;
    expect(embedLength(embed)).toBeLessThanOrEqual(6000);
    for (const text of [embed.title, embed.description, ...embed.fields.map((f: any) => f.value)]) {
      expect(text).not.toMatch(/<t:[^>]*$|<t:[^>]*…/);
    }
  });

  it('never sends an empty embed or empty field', () => {
    const body = json({ visibility: 'private', body: '', fields: [{ name: '', value: '' }] });
    expect(checkMessage(body)).toEqual([]);
    expect(json({ visibility: 'private', body: '' }).embeds[0].description).toBe('\u200b');
  });

  it('colours by tone and leaves mentions inert', () => {
    const body = json({ visibility: 'channel', tone: 'error', body: '@everyone <@123456789012345678> hi' });
    expect(body.embeds[0].color).toBe(0xed4245);
    expect(body.allowed_mentions).toEqual({ parse: [] });
  });

  it('builds modals within the modal limits', () => {
    const modal = JSON.parse(JSON.stringify(renderModal({ actionId: 'frm:abcdefghij', title: 'A very long title that is longer than forty-five', label: 'L'.repeat(80), placeholder: 'p'.repeat(200), maxLength: 9000 })));
    expect(checkModal(modal)).toEqual([]);
    expect(modal.components[0].component.max_length).toBe(4000);
    expect(modal.title.length).toBeLessThanOrEqual(45);
  });

  it('suggests at most 25 subjects, prefix matches first', () => {
    const topics = Array.from({ length: 40 }, (_, i) => `topic-${i}`);
    expect(subjectChoices('', ['math'], topics)).toHaveLength(25);
    expect(subjectChoices('ma', ['math'], ['matrices', 'gamma']).map((c) => c.value)).toEqual(['math', 'matrices', 'gamma']);
  });
});
