import type { Invocation } from '../core/command.js';
import type { Reply } from '../core/reply.js';
import type { PrivacyRepository } from '../store/privacy.js';

const HIDDEN_MEANS = 'Your name is left out of the leaderboards, streak leaders, weekly recaps and reveals, and out of the web dashboard others see. Your points, streak and reviews carry on as before, and your team still scores.';

/** `/privacy`: a member hides themselves from boards and the dashboard, or shows themselves again. */
export class PrivacyService {
  constructor(private readonly repo: PrivacyRepository) {}

  async status(inv: Invocation): Promise<Reply> {
    const hidden = await this.repo.isHidden(inv.communityId, inv.userId);
    return {
      visibility: 'private', tone: 'info', title: '🙈 Privacy',
      body: hidden
        ? `You are **hidden**. ${HIDDEN_MEANS}\n\`/privacy show\` puts you back.`
        : 'You are **shown** on the leaderboards and the dashboard. `/privacy hide` keeps your name off them.',
    };
  }

  async set(inv: Invocation, hidden: boolean): Promise<Reply> {
    const changed = await this.repo.setHidden(inv.communityId, inv.userId, hidden);
    if (hidden) {
      return { visibility: 'private', tone: changed ? 'success' : 'info', body: `${changed ? 'Done: you are now hidden.' : 'You were already hidden.'} ${HIDDEN_MEANS} \`/privacy show\` puts you back.` };
    }
    return { visibility: 'private', tone: changed ? 'success' : 'info', body: changed ? 'Done: you are shown on the leaderboards and the dashboard again, with all your points.' : 'You are already shown on the leaderboards and the dashboard.' };
  }
}
