import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobIds, type RemindJob } from '../../../src/delivery/jobs.js';
import { dayNumber } from '../../../src/domain/calendar.js';
import { actionIdsOf, textOf } from '../../support/fake-slack-blocks.js';
import { lastLetter } from '../../support/script.js';
import { Harness } from './harness.js';

/** Reminders in Slack: the slash command, the DM through chat.postMessage to the user, and one tap in the DM. */
const ALICE = 'UALICE001';
let h: Harness;
beforeAll(async () => {
  h = await Harness.start('http');
  h.app.delivery.attach(h.platform.messenger);
  h.fake.addUser({ id: ALICE, name: 'alice', displayName: 'Alice' });
});
afterAll(async () => { await h?.close(); });

/** Runs the user's next queued reminder as if its time had come (the delivery clock jumps there). */
async function runReminder(user: string, timeoutMs?: number): Promise<string> {
  const route = h.platform.messenger.route;
  const { zone } = await h.app.services.reminders.state(h.communityId, `slack:${user}`);
  const day = dayNumber(new Date(), zone);
  let job: Job<RemindJob> | undefined;
  for (const d of [day, day + 1]) job ??= (await h.app.delivery.job(route, jobIds.remind(h.communityId, `slack:${user}`, d))) as Job<RemindJob> | undefined;
  if (!job) throw new Error('no reminder queued');
  h.app.delivery.setClock(() => new Date(job.data.at + 1000));
  try {
    await job.promote();
    return await h.app.delivery.settled(route, job.id!, timeoutMs);
  } finally {
    h.app.delivery.setClock(() => new Date());
  }
}

describe('Slack: /remind', () => {
  it('sends the reminder as a direct message within Block Kit limits; its buttons answer from the DM', async () => {
    const on = await h.run(ALICE, '/remind', 'on 21:15');
    expect(on.args.response_type).toBe('ephemeral');
    expect(textOf(on.args)).toContain('At *21:15* (UTC)');

    const mark = h.fake.calls.length;
    expect(await runReminder(ALICE)).toBe('completed');
    const [dm] = h.fake.since(mark, 'chat.postMessage');
    expect(dm!.args.channel).toBe(ALICE);
    expect(h.fake.problems).toEqual([]);
    expect(textOf(dm!.args)).toContain('Time for today\'s question');
    expect(textOf(dm!.args)).toContain('two children');
    const ids = actionIdsOf(dm!.args);
    expect(ids).toHaveLength(3);
    expect(ids.every((id) => /^ans:[a-z0-9]{10}:[0-2]$/.test(id))).toBe(true);

    // Slack sends clicks in the app's DM with the workspace, from the DM channel.
    const right = ids['ABC'.indexOf(lastLetter(textOf(dm!.args), '1/3'))]!;
    const click = await h.click(ALICE, right, { channel: h.fake.dmChannel(ALICE), ephemeral: false });
    const result = await h.reply(click.mark);
    expect(result.method).toBe('response_url');
    expect(textOf(result.args)).toContain('Correct! +20 points');
    expect(textOf(result.args)).toContain('Streak: 1 day');

    const shown = await h.run(ALICE, '/remind');
    expect(textOf(shown.args)).toContain('You have answered today, so nothing is sent today.');
  });

  it('a direct message Slack refuses for good turns reminders off, with the reason /remind shows', async () => {
    const refusals: [string, string, string][] = [
      ['UTABOFF01', 'messages_tab_disabled', 'the app\'s Messages tab is turned off in this workspace'],
      ['UGONE0001', 'user_disabled', 'the account is deactivated'],
      ['UBOTUSER1', 'cannot_dm_bot', 'Slack does not let apps send direct messages to a bot account'],
      ['UNOCHAN01', 'channel_not_found', 'Slack found no direct message conversation with the account'],
      ['UARCHIVE1', 'is_archived', 'the direct message conversation is archived'],
    ];
    for (const [user, code, reason] of refusals) {
      h.fake.addUser({ id: user, name: user.toLowerCase() });
      h.fake.dmRefusals.set(user, code);
      await h.run(user, '/remind', 'on 21:15');
      // Refused at once: no retries until the grace window closes.
      expect(await runReminder(user, 5_000), code).toBe('failed');
      expect((await h.app.services.reminders.state(h.communityId, `slack:${user}`)).on, code).toBe(false);
      const shown = textOf((await h.run(user, '/remind')).args);
      expect(shown, code).toContain(`could not send you a direct message: ${reason}`);
      expect(shown, code).toContain('turn them on again with `/remind on 21:15`');
      expect(shown, code).not.toContain('<#');
    }
  });
});
