import { routeOf } from '../core/posting.js';
import type { Schedule, ScheduleRepository } from '../store/schedules.js';
import { slotsBetween } from '../schedule/when.js';
import { jobIds } from './jobs.js';
import type { Delivery } from './delivery.js';

/**
 * The console's `/clock`: moving time forward plays every slot and every reveal in between, in time order, as if
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
  async advance(to: Date): Promise<{ slots: number; reveals: number }> {
    this.playing = true;
    try {
      return await this.play(to);
    } finally {
      this.playing = false;
    }
  }

  private async play(to: Date): Promise<{ slots: number; reveals: number }> {
    const played = { slots: 0, reveals: 0 };
    const slots = await this.slotsUntil(to);
    while (to.getTime() > this.cursor.getTime()) {
      const slot = slots[0];
      // Reveals are looked up afresh each time: the slots just played queue new ones.
      const [reveal] = await this.delivery.dueReveals(to.getTime());
      if (!slot && !reveal) break;
      if (slot && (!reveal || slot.at.getTime() <= reveal.data.closesAt)) {
        slots.shift();
        this.cursor = slot.at;
        await this.delivery.enqueueSlot(slot.s, slot.at);
        await this.delivery.settled(routeOf(slot.s.communityId), jobIds.post(slot.s.communityId, slot.s.id, slot.at.getTime()));
        await this.delivery.idle(routeOf(slot.s.communityId));
        played.slots++;
      } else if (reveal) {
        this.cursor = new Date(Math.max(this.cursor.getTime(), reveal.data.closesAt));
        await reveal.promote();
        await this.delivery.settled(routeOf(reveal.data.communityId), reveal.id!);
        played.reveals++;
      }
    }
    this.cursor = to;
    return played;
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
