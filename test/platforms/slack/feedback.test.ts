import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityKeys } from '../../../src/store/keys.js';
import { lastLetter } from '../../support/script.js';
import { actionIdsOf, textOf } from '../../support/fake-slack-blocks.js';
import { viewSubmissionPayload } from '../../support/fake-slack-inbound.js';
import { expectAcked, Harness } from './harness.js';

const ALICE = 'UALICE001';
let h: Harness;
beforeAll(async () => {
  h = await Harness.start('http');
  h.fake.addUser({ id: ALICE, name: 'alice', displayName: 'Alice' });
});
afterAll(async () => { await h?.close(); });

describe('Slack: hints and reports', () => {
  it('Hint and /hint answer ephemerally; Report opens a modal whose note may stay empty', async () => {
    const quiz = await h.run(ALICE, '/quiz', 'probability hard');
    expect(textOf(quiz.args)).not.toContain('start over');
    const ids = actionIdsOf(quiz.args);
    const hintId = ids.find((id) => id.startsWith('hint:'))!;
    const clicked = await h.click(ALICE, hintId);
    expectAcked(clicked.ack);
    const hint = await h.reply(clicked.mark);
    expect(hint.args).toMatchObject({ response_type: 'ephemeral' });
    expect(textOf(hint.args)).toContain('After a miss, which pattern has to start over?');
    expect(textOf(hint.args)).toContain('now scores 15 points instead of 30');
    expect(textOf((await h.run(ALICE, '/hint')).args)).toContain('You took this hint already');

    const letter = lastLetter(textOf(quiz.args), 'HH');
    const answer = await h.click(ALICE, ids['ABCDE'.indexOf(letter)]!);
    const result = await h.reply(answer.mark);
    expect(textOf(result.args)).toContain('Correct! +15 points (half, after the hint).');
    const reportId = actionIdsOf(result.args).find((id) => id.startsWith('rep:'))!;
    const menu = await h.reply((await h.click(ALICE, reportId)).mark);
    const reasons = actionIdsOf(menu.args);
    expect(reasons).toEqual(['key', 'unclear', 'typo', 'other'].map((r) => `${reportId}:${r}`));

    const pick = await h.click(ALICE, reasons[2]!);
    const opened = await h.reply(pick.mark);
    expect(opened).toMatchObject({ method: 'views.open', args: { trigger_id: pick.triggerId } });
    const view = opened.args.view as { callback_id: string; private_metadata: string; blocks: { optional?: boolean }[] };
    expect(view.callback_id).toBe(`repn:${reportId.slice(4)}:typo`);
    expect(view.blocks[0]!.optional).toBe(true);
    const mark = h.fake.calls.length;
    expectAcked(await h.transport.interactive(viewSubmissionPayload(h.who(ALICE), view, '')));
    const thanks = await h.reply(mark);
    expect(textOf(thanks.args)).toContain('reported as *Typo*');
    const stored = await h.app.redis.hget(communityKeys(h.communityId).questionReports('t-coin-hard'), `slack:${ALICE}`);
    expect(JSON.parse(stored!)).toMatchObject({ r: 'typo' });
    expect(h.fake.problems, 'every message and modal was within Block Kit limits').toEqual([]);
  });
});
