import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { lastLetter } from '../../support/script.js';
import { actionIdsOf, textOf } from '../../support/fake-slack-blocks.js';
import { Harness } from './harness.js';

const ADA = 'UADA00001';
let h: Harness;
beforeAll(async () => {
  h = await Harness.start('socket');
  h.fake.addUser({ id: ADA, name: 'ada', displayName: 'Ada' });
  // One right answer, so there is something to draw and a point on the board.
  const quiz = await h.run(ADA, '/quiz', 'probability hard');
  const letter = lastLetter(textOf(quiz.args), 'HH');
  await h.reply((await h.click(ADA, actionIdsOf(quiz.args)['ABCDE'.indexOf(letter)]!)).mark);
});
afterAll(async () => { await h?.close(); });

describe('Slack: images as file uploads', () => {
  it('/progress uploads the PNG to the user\'s direct messages with the summary as its comment, and says so privately', async () => {
    const sent = await h.command(ADA, '/progress');
    const file = await h.fake.waitFor(() => h.fake.completedFiles().find((f) => f.filename === 'progress.png'), 'the uploaded image', 5000);
    const methods = h.fake.since(sent.mark).map((c) => c.method);
    expect(methods.filter((m) => m.startsWith('files.') || m === 'upload' || m === 'conversations.open'))
      .toEqual(['conversations.open', 'files.getUploadURLExternal', 'upload', 'files.completeUploadExternal']);
    expect(h.fake.since(sent.mark, 'conversations.open')[0]!.args).toMatchObject({ users: ADA });
    expect(file.completed!.channel).toBe(`D${ADA.slice(1)}`);
    expect(file.completed!.initialComment).toMatch(/^📈 Your progress\n\*Ready in 0 of 2 tracks/);
    expect(file.altText).toMatch(/^Your progress chart\. Ready in 0 of 2 tracks/);
    expect(file.bytes!.length).toBe(file.length);
    expect(file.bytes!.length).toBeLessThan(1024 * 1024);
    expect(PNG.sync.read(file.bytes!).width).toBe(1200);
    // Nothing is shared in the channel; the caller reads the summary privately, with where the image went.
    const reply = await h.reply(sent.mark, 'the private summary');
    expect(reply.method).toBe('response_url');
    expect(reply.args).toMatchObject({ response_type: 'ephemeral' });
    expect(textOf(reply.args)).toContain('The image is in your direct messages with the app.');
    expect(h.fake.since(sent.mark, 'chat.postMessage')).toHaveLength(0);
  });

  it('/leaderboard image:yes uploads the card to the channel; outside the bot\'s channels the text says why there is no image', async () => {
    const sent = await h.command(ADA, '/leaderboard', 'all image:yes');
    const file = await h.fake.waitFor(() => h.fake.completedFiles().find((f) => f.filename === 'leaderboard.png'), 'the uploaded card', 5000);
    expect(file.completed!.channel).toBe(h.channel);
    expect(file.completed!.initialComment).toContain('Leaderboard: all time');
    expect(file.altText).toMatch(/^Leaderboard, All time: 1\. Ada 30 points\. You: #1 with 30 points$/);
    expect(PNG.sync.read(file.bytes!).width).toBe(800);
    await h.settle(200);
    expect(h.fake.since(sent.mark).filter((c) => ['chat.postMessage', 'response_url', 'chat.postEphemeral'].includes(c.method))).toHaveLength(0);

    h.fake.notInChannel.add('CELSEWHERE');
    const elsewhere = await h.command(ADA, '/leaderboard', 'all image:yes', 'CELSEWHERE');
    const fallback = await h.fake.waitFor(() => h.fake.since(elsewhere.mark, 'response_url')[0], 'the text fallback', 5000);
    expect(fallback.args).toMatchObject({ response_type: 'in_channel' });
    expect(textOf(fallback.args)).toContain('Invite the app to this channel (/invite) to get the image here.');
    expect(textOf(fallback.args)).toContain('Ada');
  });
});
