import { describe, expect, it } from 'vitest';
import { CHOICE_EMOJI, SELF_EMOJI } from '../../../src/core/action-ids.js';
import { channelRef, instant, type Reply } from '../../../src/core/reply.js';
import { escapeText, fit, renderMessage, renderModal, sharedEmoji, slackEmojiName, toMrkdwn } from '../../../src/platforms/slack/render.js';
import { blockKitProblems, modalProblems, textOf } from '../../support/fake-slack-blocks.js';

type Block = { type: string; text?: { text: string; verbatim?: boolean }; fields?: { text: string }[]; elements?: { action_id?: string; text?: { text: string } }[] };
const blocksOf = (r: Reply) => renderMessage(r).blocks as Block[];

describe('Slack Block Kit rendering', () => {
  it('links Slack channels where text is mrkdwn; typed markup and other platforms\' channels stay escaped text', () => {
    const reply: Reply = {
      visibility: 'private', title: `Posts in ${channelRef('slack:C0123ABC')}`, body: `the bot is not a member of ${channelRef('slack:C0123ABC')}; someone typed <#C0999ZZZ>`,
      fields: [{ name: 'elsewhere', value: `${channelRef('discord:123456789')} and ${channelRef('console:study')}` }],
    };
    const m = renderMessage(reply);
    const [header, body, field] = m.blocks as Block[];
    expect(header!.text!.text).toBe('Posts in #C0123ABC');
    expect(body!.text!.text).toBe('the bot is not a member of <#C0123ABC>; someone typed &lt;#C0999ZZZ&gt;');
    expect(field!.text!.text).toBe('*elsewhere*\n#123456789 and #study');
    expect(m.text).toContain('<#C0123ABC>');
    expect(textOf(m)).not.toMatch(/[\uE000-\uE003]/);
  });

  it('cuts a very long body cleanly into sections and stays within 50 blocks', () => {
    const para = `${'word '.repeat(150)}\n\n`;
    const reply: Reply = { visibility: 'channel', title: 'T', body: para.repeat(400), buttons: [{ actionId: 'ask:abcdefghij', label: 'Answer' }], footer: 'foot' };
    const blocks = blocksOf(reply);
    expect(blockKitProblems(blocks)).toEqual([]);
    expect(blocks.length).toBe(50);
    expect(blocks.at(-2)!.type).toBe('actions');
    expect(blocks.at(-1)!.type).toBe('context');
    const sections = blocks.filter((b) => b.type === 'section');
    expect(Math.max(...sections.map((s) => s.text!.text.length))).toBeLessThanOrEqual(3000);
    expect(sections.at(-1)!.text!.text.endsWith('…')).toBe(true);
    expect(sections.every((s) => !/\bwor$/.test(s.text!.text))).toBe(true);
  });

  it('keeps headers, fields, buttons and context within their limits', () => {
    const reply: Reply = {
      visibility: 'private', title: 'Title '.repeat(60), body: 'b',
      fields: [
        ...Array.from({ length: 23 }, (_, i) => ({ name: `n${i}`, value: 'v'.repeat(2500), inline: true })),
        ...Array.from({ length: 80 }, (_, i) => ({ name: `long ${i}`, value: 'x '.repeat(2000) })),
      ],
      buttons: Array.from({ length: 30 }, (_, i) => ({ actionId: `ans:abcdefghij:${i % 5}${'x'.repeat(i)}`, label: 'L'.repeat(200), style: 'primary' as const })),
      footer: 'f'.repeat(5000),
    };
    const blocks = blocksOf(reply);
    expect(blockKitProblems(blocks)).toEqual([]);
    expect(blocks[0]!.type).toBe('header');
    expect(blocks[0]!.text!.text.length).toBeLessThanOrEqual(150);
    expect(blocks.filter((b) => b.type === 'actions').map((b) => b.elements!.length)).toEqual([25, 5]);
    expect(textOf(blocks)).toContain('more not shown');
    const inline = blocks.filter((b) => b.fields);
    expect(inline.map((b) => b.fields!.length)).toEqual([10, 10, 3]);
  });

  it('escapes &, < and > everywhere so user text cannot mention or broadcast', () => {
    const evil = '<!channel> & <@U123|bob> <https://x.test|click> @here';
    const reply: Reply = { visibility: 'channel', title: evil, body: evil, fields: [{ name: evil, value: evil }], buttons: [{ actionId: 'ask:abcdefghij', label: evil }], footer: evil };
    const rendered = renderMessage(reply);
    const all = JSON.stringify(rendered);
    expect(all).not.toMatch(/<!|<@|<https/);
    expect(rendered.text).toContain('&lt;!channel&gt; &amp; &lt;@U123|bob&gt;');
    expect(escapeText('mail me@here.com or @here')).toBe('mail me@here.com or @\u2060here');
    const sections = (rendered.blocks as Block[]).filter((b) => b.type === 'section');
    expect(sections.every((s) => s.text?.verbatim === true)).toBe(true);
  });

  it('turns the neutral Markdown into mrkdwn and marks error replies', () => {
    expect(toMrkdwn('**B.** 1/3 and ||a hint||')).toBe('*B.* 1/3 and _a hint_');
    const err = renderMessage({ visibility: 'private', tone: 'error', body: 'Nope **now**' });
    expect(err.text).toBe('⚠️ Nope *now*');
  });

  it('shows instants as Slack dates in the reader\'s zone, with the community\'s time as fallback', () => {
    const at = Date.UTC(2026, 10, 21, 16, 0) / 1000;
    const t = instant(at * 1000, 'Europe/Berlin');
    const date = `<!date^${at}^{date_short_pretty} {time}|Sat 21 Nov, 17:00 Europe/Berlin>`;
    const rendered = renderMessage({ visibility: 'channel', title: `Due ${t}`, body: `Revealed ${t} & **soon**.`, fields: [{ name: 'Next posts', value: t }], footer: `Open until ${t}.` });
    const blocks = rendered.blocks as Block[];
    expect(blockKitProblems(blocks)).toEqual([]);
    expect(blocks[0]!.text!.text).toBe('Due Sat 21 Nov, 17:00 Europe/Berlin');
    expect(blocks[1]!.text!.text).toBe(`Revealed ${date} &amp; *soon*.`);
    expect(blocks[2]!.text!.text).toBe(`*Next posts*\n${date}`);
    expect(JSON.stringify(blocks.at(-1))).toContain(`Open until ${date}.`.replace(/"/g, '\\"'));
    expect(rendered.text).toContain(`Revealed ${date}`);
    expect(JSON.stringify(rendered)).not.toMatch(/\uE000|\uE001/);
  });

  it('splits and cuts long text with many dates without breaking a date token', () => {
    const t = instant(Date.UTC(2026, 0, 1), 'America/Argentina/Buenos_Aires');
    const rendered = renderMessage({ visibility: 'channel', title: 'T', body: `Next ${t} `.repeat(2000), fields: [{ name: 'f', value: `${t} `.repeat(100) }], footer: `${t} `.repeat(100) });
    const blocks = rendered.blocks as Block[];
    expect(blockKitProblems(blocks)).toEqual([]);
    const texts = [rendered.text, ...blocks.flatMap((b) => [b.text?.text ?? '', ...(b.elements ?? []).map((e) => (e as { text?: string }).text ?? '')])];
    for (const text of texts) {
      const opens = (text.match(/<!date/g) ?? []).length;
      const closes = (text.match(/\|[^|<>]*Buenos_Aires>/g) ?? []).length;
      expect(opens).toBe(closes);
    }
  });

  it('never leaves half an entity when cutting', () => {
    const cut = fit(`${'a'.repeat(95)}&amp;&amp;`, 100);
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut).toMatch(/(a|&amp;)…$/);
  });

  it('maps the shared emoji to Slack reaction names and back', () => {
    expect(CHOICE_EMOJI.map(slackEmojiName)).toEqual(['one', 'two', 'three', 'four', 'five']);
    expect(Object.values(SELF_EMOJI).map(slackEmojiName)).toEqual(['white_check_mark', 'thinking_face', 'x']);
    expect(sharedEmoji('three')).toBe(CHOICE_EMOJI[2]);
    expect(sharedEmoji('b')).toBe(CHOICE_EMOJI[1]);
    expect(sharedEmoji('thinking_face')).toBe(SELF_EMOJI.partly);
    expect(sharedEmoji('thumbsup')).toBeUndefined();
    expect(toMrkdwn(`react with ${CHOICE_EMOJI.slice(0, 2).join(' ')}`)).toBe('react with :one: :two:');
  });

  it('builds modals within their limits', () => {
    const view = renderModal({ actionId: 'frm:abcdefghij', title: 'A very long modal title indeed', label: 'Your answer', placeholder: 'p'.repeat(500), maxLength: 4000 }, '{"c":"C1"}');
    expect(modalProblems(view)).toEqual([]);
    expect(view.callback_id).toBe('frm:abcdefghij');
    expect(view.private_metadata).toBe('{"c":"C1"}');
    expect(JSON.stringify(view.blocks)).toContain('"max_length":3000');
    expect(JSON.stringify(view.blocks)).toContain('"multiline":true');
    const short = renderModal({ actionId: 'frm:abcdefghij', title: 'x', label: 'Number', maxLength: 100 }, '');
    expect(JSON.stringify(short.blocks)).toContain('"multiline":false');
  });
});
