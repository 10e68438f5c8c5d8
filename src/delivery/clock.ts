import type { Job } from 'bullmq';
import { routeOf } from '../core/posting.js';
import type { Schedule, ScheduleRepository } from '../store/schedules.js';
import { slotsBetween } from '../schedule/when.js';
import { jobIds } from './jobs.js';
import type { Delivery } from './delivery.js';

export interface Played { slots: number; reveals: number; reminders: number; mockTimeouts: number }

/**
 * The console's `/clock`: moving time forward plays every slot, reveal, reminder and mock time-out in between, in time order, as if
 * the time had passed, through the same jobs as production (each event's job runs with the clock set to its time).
 * Real downtime is different: there catch-up posts only the latest missed slot within the grace window.
 */
export class ClockReplay {
  private cursor: Date;
  private playing = false;

  /** `clock` is the console's own time (it moves on by itself between jumps). */
  constructor(private readonly delivery: Delivery, private readonly repo: ScheduleRepository, private readonly clock: () => Date) {
    this.cursor = clock();
    delivery.setClock(() => (this.playing ? this.cursor : this.clock()));
  }

  /** Plays everything due after the last jump up to `to`, then leaves the clock at `to`. Moving backwards just sets it. */
  async advance(to: Date): Promise<Played> {
    this.playing = true;
    try {
      return await this.play(to);
    } finally {
      this.playing = false;
    }
  }

  private async play(to: Date): Promise<Played> {
    const played: Played = { slots: 0, reveals: 0, reminders: 0, mockTimeouts: 0 };
    const slots = await this.slotsUntil(to);
    while (to.getTime() > this.cursor.getTime()) {
      const slot = slots[0];
      // Delayed jobs are looked up afresh each time: slots queue reveals, each reminder the next day's, and a mock
      // time-out that waits for a self-assessment comes back later.
      const [reveal] = await this.delivery.dueReveals(to.getTime());
      const [reminder] = await this.delivery.dueReminders(to.getTime());
      const [mock] = await this.delivery.dueMockTimeouts(to.getTime());
      const events = [
        slot && { at: slot.at.getTime(), order: 0, run: () => this.playSlot(slot.s, slot.at, slots, played) },
        reveal && { at: reveal.data.closesAt, order: 1, run: () => this.playDelayed(reveal, reveal.data.closesAt, reveal.data.communityId, () => played.reveals++) },
        reminder && { at: reminder.data.at, order: 2, run: () => this.playDelayed(reminder, reminder.data.at, reminder.data.communityId, () => played.reminders++) },
        mock && { at: mock.data.at, order: 3, run: () => this.playDelayed(mock, mock.data.at, mock.data.communityId, () => played.mockTimeouts++, true) },
      ].filter((e) => Boolean(e)) as { at: number; order: number; run: () => Promise<void> }[];
      if (events.length === 0) break;
      events.sort((a, b) => a.at - b.at || a.order - b.order);
      await events[0]!.run();
    }
    this.cursor = to;
    return played;
  }

  private async playSlot(s: Schedule, at: Date, slots: unknown[], played: Played): Promise<void> {
    slots.shift();
    this.cursor = at;
    await this.delivery.enqueueSlot(s, at);
    await this.delivery.settled(routeOf(s.communityId), jobIds.post(s.communityId, s.id, at.getTime()));
    await this.delivery.idle(routeOf(s.communityId));
    played.slots++;
  }

  /**
   * A delayed job (a reveal, a reminder, a mock time-out) runs now, with the clock at its time. A mock time-out may go
   * back to wait for a later time (`mayWait`): it is played again when the clock gets there.
   */
  private async playDelayed(job: Job, at: number, communityId: string, count: () => void, mayWait = false): Promise<void> {
    this.cursor = new Date(Math.max(this.cursor.getTime(), at));
    await job.promote();
    await this.delivery.settled(routeOf(communityId), job.id!, 30_000, mayWait);
    count();
  }

  /** Every slot after the cursor and by `to` of the schedules this process serves, in time order. */
  private async slotsUntil(to: Date): Promise<{ s: Schedule; at: Date }[]> {
    const all: { s: Schedule; at: Date }[] = [];
    for (const s of await this.repo.all()) {
      if (s.paused || !this.delivery.serves(s.communityId)) continue;
      for (const at of slotsBetween(s.cron, s.timezone, this.cursor, to)) if (at.getTime() >= s.createdAt) all.push({ s, at });
    }
    return all.sort((a, b) => a.at.getTime() - b.at.getTime());
  }
}
