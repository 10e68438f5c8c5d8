import { UserError } from '../core/errors.js';
import { UnconfirmedAnswerError } from '../store/answers.js';
import type { CommunitySettings, SettingsRepository, UserZoneRepository } from '../store/settings.js';

export interface SettingsReaders { settings: SettingsRepository; userZones: UserZoneRepository }

/** What an answer was computed with: the community's settings and the user's own zone (if any). */
export interface AnswerSettings { settings: CommunitySettings; ownZone: string | undefined }

/** A script that changes nothing when its settings were stale answers this; the caller then reads them again. */
type Stale = { status: 'stale' };

const ATTEMPTS = 4;

/**
 * Runs `attempt` with the community's settings and the user's own zone, cached first. The scripts it calls compare
 * the versions they were computed with and answer 'stale' (having written nothing) when another replica changed
 * them; then both are read fresh from Redis and the attempt runs again. So a cache can delay nothing but itself:
 * no streak day, board or point is ever computed from an old time zone or setting. An answer no replica confirmed
 * (REDIS_WAIT_REPLICAS) is reported to the user as not acknowledged.
 */
export async function withCurrentSettings<T extends { status: string }>(
  d: SettingsReaders, communityId: string, userId: string | undefined, attempt: (s: AnswerSettings) => Promise<T>,
): Promise<{ result: Exclude<T, Stale> } & AnswerSettings> {
  for (let i = 0; ; i++) {
    const fresh = i > 0;
    const [settings, ownZone] = await Promise.all([
      d.settings.get(communityId, { fresh }),
      userId === undefined ? undefined : d.userZones.get(communityId, userId, { fresh }),
    ]);
    const result = await attempt({ settings, ownZone }).catch((err: unknown) => {
      if (!(err instanceof UnconfirmedAnswerError)) throw err;
      throw new UserError('Your answer reached us, but Redis could not confirm it was stored safely (it may be switching servers). Send it again in a moment: if it already counted, you will be told so.');
    });
    if (result.status !== 'stale') return { result: result as Exclude<T, Stale>, settings, ownZone };
    if (i + 1 >= ATTEMPTS) throw new Error(`the settings of ${communityId} kept changing during ${ATTEMPTS} attempts to record an answer`);
  }
}
