import { lastLetter } from '../../support/script.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { commands } from '../../../commands/index.js';
import { isGroup, type LeafCommand } from '../../../src/core/command.js';
import { jobIds } from '../../../src/delivery/jobs.js';
import { postIdFor } from '../../../src/store/posts.js';
import { ScheduleRepository, type Schedule } from '../../../src/store/schedules.js';
import { actionIdsOf, textOf } from '../../support/fake-slack-blocks.js';
import { commandPayload, reactionEvent, viewSubmissionPayload } from '../../support/fake-slack-inbound.js';
import { ADMIN, expectAcked, Harness, REPLY_METHODS, type Mode } from './harness.js';

const ALICE = 'UALICE001';
const BOB = 'UBOB00001';
const EVE = 'UEVE00001';
const OWNER = 'UOWNER001';
const SLOW = 'USLOW0001';

/** The end-to-end cases of the Slack issue, run against the real Bolt app in one transport. */
export function slackScenarios(mode: Mode): () => Harness {
  let h: Harness;
  /** One slot of a schedule through delivery (post job, chat.postMessage, activation, reactions); returns the post. */
  const runSlot = async (s: Schedule) => {
    const slot = Math.floor(Date.now() / 1000) * 1000;
    await h.app.delivery.enqueueSlot(s, new Date(slot));
    expect(await h.app.delivery.settled(h.platform.messenger.route, jobIds.post(s.communityId, s.id, slot))).toBe('completed');
    return (await h.app.services.posts.state(s.communityId, postIdFor(jobIds.post(s.communityId, s.id, slot))))!;
  };
  /** The reveal job of a post, run now instead of after its window. */
  const revealNow = async (postId: string) => {
    const [due] = (await h.app.delivery.dueReveals(Number.MAX_SAFE_INTEGER)).filter((j) => j.data.postId === postId);
    await due!.promote();
    expect(await h.app.delivery.settled(h.platform.messenger.route, due!.id!)).toBe('completed');
  };
  const scheduled = async (difficulty: 'medium' | 'hard', answerMode: Schedule['answerMode']) => {
    const s: Schedule = {
      id: h.app.services.scheduleRepo.newId(), communityId: h.communityId, channelId: `slack:${h.channel}`, cron: '0 9 * * *', label: 'daily 09:00',
      timezone: 'UTC', filter: { tracks: [], topics: ['probability'], difficulties: [difficulty], kinds: ['choice'] }, windowMinutes: 60, answerMode,
      recap: false, paused: false, createdBy: `slack:${ADMIN}`, createdAt: Date.now(),
    };
    await h.app.services.scheduleRepo.save(s);
    return runSlot(s);
  };
  beforeAll(async () => {
    h = await Harness.start(mode);
    h.app.delivery.attach(h.platform.messenger);
    h.fake.addUser({ id: ALICE, name: 'alice', displayName: 'Alice' });
    h.fake.addUser({ id: BOB, name: 'bob', displayName: 'Bob' });
    h.fake.addUser({ id: EVE, name: 'eve', displayName: '<!here> Eve <@UALICE001>' });
    h.fake.addUser({ id: OWNER, name: 'olga', isOwner: true });
    h.fake.addUser({ id: ADMIN, name: 'adam' });
    h.fake.addUser({ id: SLOW, name: 'sam', delayMs: 1_500 });
  });
  afterAll(async () => { await h?.close(); });

  it('/quiz -> button answer -> ephemeral confirmation -> /leaderboard', async () => {
    const quiz = await h.run(ALICE, '/quiz', 'probability medium');
    expect(quiz.method).toBe('response_url');
    expect(quiz.args.response_type).toBe('ephemeral');
    expect(textOf(quiz.args)).toContain('two children');
    const buttons = actionIdsOf(quiz.args);
    expect(buttons).toHaveLength(3);
    expect(buttons[1]).toMatch(/^ans:[a-z0-9]{12}:1$/);
    const right = buttons['ABC'.indexOf(lastLetter(textOf(quiz.args), '1/3'))]!;

    const click = await h.click(ALICE, right);
    expectAcked(click.ack);
    const confirm = await h.reply(click.mark);
    expect(confirm).toMatchObject({ method: 'response_url', responseId: click.responseId });
    expect(confirm.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(textOf(confirm.args)).toContain('Correct! +20 points');

    const again = await h.click(ALICE, right);
    expect(textOf((await h.reply(again.mark)).args)).toContain('already answered');

    const board = await h.run(ALICE, '/leaderboard');
    expect(board.method).toBe('chat.postMessage');
    expect(board.args.channel).toBe(h.channel);
    expect(textOf(board.args)).toContain('*Alice*: 20 pts');

    // A mention in command text (Slack escapes it as <@U…|name>) resolves to that user.
    const other = await h.run(BOB, '/stats', `<@${ALICE}|alice>`);
    expect(other.method).toBe('chat.postMessage');
    expect(textOf(other.args)).toContain("Alice's stats");
  });

  it('answers a linked channel post by reaction (first answer counts, own reactions ignored)', async () => {
    const mark = h.fake.calls.length;
    const post = await scheduled('medium', 'both');
    const messageId = post.messageRef!;
    const posted = h.fake.since(mark, 'chat.postMessage')[0]!;
    const ts = messageId.split(':')[1]!;
    expect(messageId).toBe(`${h.channel}:${ts}`);
    expect(textOf(posted.args)).toContain(':one: :two: :three:');
    expect(h.fake.since(mark, 'reactions.add').map((c) => c.args)).toEqual(
      ['one', 'two', 'three'].map((name) => ({ channel: h.channel, timestamp: ts, name })),
    );
    expect(await h.app.services.posts.byMessage(h.communityId, messageId)).toBe(post.id);

    let m = h.fake.calls.length;
    expectAcked(await h.transport.event(reactionEvent(h.fake, h.fake.botUserId, 'one', h.channel, ts)));
    expectAcked(await h.transport.event(reactionEvent(h.fake, BOB, 'thumbsup', h.channel, ts)));
    const emojiOf = (option: string) => ['one', 'two', 'three'][('ABC'.indexOf(lastLetter(textOf(posted.args), option)))]!;
    expectAcked(await h.transport.event(reactionEvent(h.fake, BOB, emojiOf('1/3'), h.channel, ts)));
    const receipt = await h.reply(m, 'the reaction receipt');
    expect(receipt).toMatchObject({ method: 'chat.postEphemeral', args: { channel: h.channel, user: BOB } });
    expect(textOf(receipt.args)).toContain('Recorded your answer');

    m = h.fake.calls.length;
    expectAcked(await h.transport.event(reactionEvent(h.fake, BOB, emojiOf('1/2'), h.channel, ts)));
    expect(textOf((await h.reply(m)).args)).toContain('Only your first answer counts');
    await h.settle();
    expect(h.fake.since(mark, 'chat.postEphemeral').map((c) => c.args.user)).toEqual([BOB, BOB]);
    const stats = textOf((await h.run(BOB, '/stats')).args);
    expect(stats).toContain('*Answered*\n1');
    expect(stats).toContain('*Points*\n20');
  });

  it('runs a replayed slash command once (same trigger id): one schedule, one question', async () => {
    const room = 'CREPLAY01';
    for (const [command, text] of [['/schedule', 'set daily 11:00 topics:probability'], ['/quiz', '']] as const) {
      const { payload } = commandPayload(h.fake, h.who(ADMIN), room, command, text);
      expectAcked(await h.transport.command(payload));
      expectAcked(await h.transport.command(payload));
    }
    await h.settle();
    const schedules = (await h.app.services.scheduleRepo.list(h.communityId)).filter((x) => x.channelId === `slack:${room}`);
    expect(schedules).toHaveLength(1);
    expect((await h.app.services.questionStates.seen(h.communityId, `slack:${ADMIN}`)).size).toBe(1);
  });

  it('handles a retried event once (no double count, no second reply)', async () => {
    const before = h.fake.calls.length;
    const post = await scheduled('hard', 'reactions');
    const ts = post.messageRef!.split(':')[1]!;
    const shown = textOf(h.fake.since(before, 'chat.postMessage')[0]!.args);
    const event = reactionEvent(h.fake, OWNER, ['one', 'two'][('AB'.indexOf(lastLetter(shown, 'HH')))]!, h.channel, ts);
    const mark = h.fake.calls.length;
    expectAcked(await h.transport.event(event));
    await h.reply(mark);
    expectAcked(await h.transport.event(event, 1));
    expectAcked(await h.transport.event(event, 2));
    await h.settle();
    expect(h.fake.since(mark, 'chat.postEphemeral')).toHaveLength(1);
    const board = await h.run(OWNER, '/leaderboard', 'all');
    expect(textOf(board.args)).toContain('*olga*: 30 pts');
  });

  it('rejects forged action ids and changes nothing', async () => {
    const before = textOf((await h.run(BOB, '/stats')).args);
    const quiz = await h.run(ALICE, '/quiz', 'probability hard');
    const real = actionIdsOf(quiz.args)[0]!;
    const cases: [string, string][] = [
      ...[`${real.slice(0, -1)}9`, `${real}:0`, `${real.toUpperCase()}`, 'admin:reset', 'next:../../etc:*', 'x'.repeat(300)].map((id): [string, string] => [id, 'That button is not valid']),
      ['ans:zzzzzzzzzz:1', 'That question is no longer available'],
    ];
    for (const [forged, expected] of cases) {
      const click = await h.click(BOB, forged);
      expectAcked(click.ack);
      const reply = await h.reply(click.mark, `the answer to ${forged}`);
      expect(textOf(reply.args)).toContain(expected);
    }
    // A well-formed id for someone else's personal question is refused too.
    const steal = await h.click(BOB, real);
    expect(textOf((await h.reply(steal.mark)).args)).toContain('sent to someone else');
    expect(textOf((await h.run(BOB, '/stats')).args)).toBe(before);
  });

  it('limits admin commands to listed users and workspace admins/owners (cached users.info)', async () => {
    const denied = await h.run(BOB, '/settings', 'timezone Europe/Berlin');
    expect(denied.args.response_type).toBe('ephemeral');
    expect(textOf(denied.args)).toContain('Only admins can use `/settings timezone`');
    expect(textOf((await h.run(BOB, '/settings', 'show')).args)).toContain('UTC');

    const listed = await h.run(ADMIN, '/settings', 'timezone Europe/Berlin');
    expect(listed.method).toBe('chat.postMessage');
    expect(textOf(listed.args)).toContain('Time zone set to *Europe/Berlin*');
    const owner = await h.run(OWNER, '/settings', 'timezone UTC');
    expect(textOf(owner.args)).toContain('Time zone set to *UTC*');
    expect(h.fake.calls.filter((c) => c.method === 'users.info' && c.args.user === BOB)).toHaveLength(1);
  });

  it('escapes <!channel> and other mentions in user text and names', async () => {
    await h.run(EVE, '/quiz', 'cnns medium');
    await h.run(EVE, '/answer', '<!channel> pooling shrinks the maps & <@UBOB00001> agrees');
    const dup = await h.run(EVE, '/answer', '<!channel> again');
    expect(textOf(dup.args)).toContain('&lt;!channel&gt; pooling shrinks the maps &amp; &lt;@UBOB00001&gt;');
    const quiz = await h.run(EVE, '/quiz', 'probability medium');
    const click = await h.click(EVE, actionIdsOf(quiz.args)['ABC'.indexOf(lastLetter(textOf(quiz.args), '1/3'))]!);
    await h.reply(click.mark);
    const board = await h.run(EVE, '/leaderboard');
    expect(textOf(board.args)).toContain('&lt;!here&gt; Eve &lt;@UALICE001&gt;');
    const everything = JSON.stringify(h.fake.calls.filter((c) => REPLY_METHODS.includes(c.method)).map((c) => c.args));
    expect(everything).not.toMatch(/<!(channel|here|everyone)|<@U/);
  });

  it('opens a modal for free-text answers and records the submission', async () => {
    // In a channel of its own, so that no open channel question competes for \`/answer\`.
    const room = 'CMODALS01';
    const quiz = await h.run(BOB, '/quiz', 'probability easy', room);
    const ask = actionIdsOf(quiz.args)[0]!;
    expect(ask).toMatch(/^ask:[a-z0-9]{12}$/);
    const click = await h.click(BOB, ask, { channel: room });
    const opened = await h.reply(click.mark);
    expect(opened).toMatchObject({ method: 'views.open', args: { trigger_id: click.triggerId } });
    const view = opened.args.view as { callback_id: string; private_metadata: string; title: { text: string } };
    expect(view.callback_id).toBe(`frm:${ask.slice(4)}`);
    expect(view.title.text.length).toBeLessThanOrEqual(24);

    const mark = h.fake.calls.length;
    const ack = await h.transport.interactive(viewSubmissionPayload(h.who(BOB), view, '1/6'));
    expectAcked(ack);
    const result = await h.reply(mark);
    expect(result).toMatchObject({ method: 'response_url', responseId: click.responseId, args: { response_type: 'ephemeral' } });
    expect(textOf(result.args)).toContain('Correct');

    // `/answer` with no text opens the same modal from the slash command's trigger.
    const sent = await h.command(BOB, '/answer', '', room);
    expect(await h.reply(sent.mark)).toMatchObject({ method: 'views.open', args: { trigger_id: sent.triggerId, view: { callback_id: view.callback_id } } });
  });

  it('acknowledges at once even when the work behind a command is slow', async () => {
    const sent = await h.command(SLOW, '/help');
    expectAcked(sent.ack);
    expect(sent.ack.ms).toBeLessThan(1_000);
    const reply = await h.reply(sent.mark);
    expect(reply.at - h.fake.calls[sent.mark]!.at).toBeGreaterThanOrEqual(1_000);
    expect(textOf(reply.args)).toContain('/quiz');
  });

  it('falls back to the response_url when the bot is not in the channel', async () => {
    h.fake.notInChannel.add('CNOTIN001');
    const sent = await h.command(ALICE, '/leaderboard', '', 'CNOTIN001');
    const reply = await h.fake.waitFor(() => h.fake.since(sent.mark, 'response_url')[0]);
    expect(reply.args.response_type).toBe('in_channel');
    expect(textOf(reply.args)).toContain('Leaderboard');
  });

  it('serves every command in commands/ (generic: each leaf with its first example)', async () => {
    const leaves: [string, LeafCommand][] = commands.flatMap((spec) => (isGroup(spec) ? spec.subcommands.map((s): [string, LeafCommand] => [spec.name, s]) : [[spec.name, spec] as [string, LeafCommand]]));
    for (const [name, leaf] of leaves) {
      const example = leaf.examples?.[0]?.replace(/^\/\S+\s*/, '') ?? (name === leaf.name ? '' : leaf.name);
      const reply = await h.run(leaf.admin ? ADMIN : ALICE, `/${name}`, example);
      const text = textOf(reply.args);
      expect(text, `/${name} ${example}`).not.toMatch(/Unknown (sub)?command|Something went wrong/);
      expect(text.length).toBeGreaterThan(0);
    }
  });

  it('plays scheduled questions through delivery: reaction answers, modal answers, reveal and self-assessment', async () => {
    const fire = async (args: string) => {
      const created = await h.run(ADMIN, '/schedule', `set daily 09:00 ${args}`);
      expect(textOf(created.args)).toContain('created');
      const all = await new ScheduleRepository(h.app.redis).list(h.communityId);
      const post = await runSlot(all.at(-1)!);
      return { postId: post.id, ts: post.messageRef!.split(':')[1]! };
    };
    // A choice question answered by reaction, then revealed: the question is edited closed and the reveal posted.
    let mark = h.fake.calls.length;
    const choice = await fire('topics:probability difficulty:medium mode:reactions');
    expect(h.fake.since(mark, 'reactions.add').map((c) => c.args.name)).toEqual(['one', 'two', 'three']);
    expect(actionIdsOf(h.fake.since(mark, 'chat.postMessage').at(-1)!.args)).toEqual([]);
    const posted = textOf(h.fake.since(mark, 'chat.postMessage').at(-1)!.args);
    mark = h.fake.calls.length;
    await h.transport.event(reactionEvent(h.fake, ALICE, ['one', 'two', 'three'][('ABC'.indexOf(lastLetter(posted, '1/3')))]!, h.channel, choice.ts));
    expect(textOf((await h.reply(mark)).args)).toContain('Recorded your answer');
    mark = h.fake.calls.length;
    await revealNow(choice.postId);
    expect(h.fake.since(mark, 'chat.update')[0]!.args).toMatchObject({ channel: h.channel, ts: choice.ts });
    expect(textOf(h.fake.since(mark, 'chat.postMessage')[0]!.args)).toContain('First correct: *Alice*');

    // An open question answered in the modal, then self-assessed by reacting to the reveal.
    const open = await fire('topics:cnns kinds:open');
    const click = await h.click(BOB, `ask:${open.postId}`, { ephemeral: false });
    const view = (await h.reply(click.mark)).args.view as { callback_id: string; private_metadata: string };
    mark = h.fake.calls.length;
    await h.transport.interactive(viewSubmissionPayload(h.who(BOB), view, 'It shrinks the maps and adds invariance.'));
    expect(textOf((await h.reply(mark)).args)).toContain('Recorded your answer');
    mark = h.fake.calls.length;
    await revealNow(open.postId);
    expect(h.fake.since(mark, 'reactions.add').map((c) => c.args.name)).toEqual(['white_check_mark', 'thinking_face', 'x']);
    const revealTs = (await h.app.services.posts.state(h.communityId, open.postId))!.messageRef!.split(':')[1]!;
    mark = h.fake.calls.length;
    await h.transport.event(reactionEvent(h.fake, BOB, 'white_check_mark', h.channel, revealTs));
    expect(textOf((await h.reply(mark)).args)).toContain('Noted: *got*');
  });

  it('edits a channel message through the posting port', async () => {
    const id = await h.platform.messenger.post(`slack:${h.channel}`, { visibility: 'channel', body: 'Question closes soon' }, 'notice');
    const mark = h.fake.calls.length;
    await h.platform.messenger.edit(`slack:${h.channel}`, id, { visibility: 'channel', title: 'Revealed', body: 'The answer was **B**.' });
    const update = h.fake.since(mark, 'chat.update')[0]!;
    expect(update.args).toMatchObject({ channel: h.channel, ts: id.split(':')[1] });
    expect(textOf(update.args)).toContain('The answer was *B*.');
  });

  it('never writes a token to the logs', () => {
    const logs = h.logs.join('');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [h.fake.botToken, h.fake.appToken, h.fake.signingSecret]) expect(logs).not.toContain(secret);
    const failures = h.logs.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level >= 50);
    expect(failures, 'no handler failed').toEqual([]);
    expect(h.fake.problems, 'every message and modal was within Block Kit limits').toEqual([]);
  });

  return () => h;
}
