import { defineCommand } from '../src/core/command.js';
import { TRACKS } from '../src/domain/question.js';
import { plural } from '../src/views/words.js';

export default defineCommand({
  name: 'topics',
  description: 'List the tracks and topics you can quiz on',
  run: async (ctx) => {
    const bank = ctx.services.bank;
    const fields = TRACKS.filter((t) => bank.tracks.includes(t)).map((track) => {
      const topics = [...new Set(bank.filter({ track }).map((q) => q.topic))].sort();
      const parts = topics.map((topic) => `${topic} (${bank.filter({ topic }).length})`);
      return { name: `${track} · ${plural(bank.filter({ track }).length, 'question')}`, value: parts.join(', ') };
    });
    return { visibility: 'private', tone: 'info', title: '📚 Topics', body: 'Use a track or a topic with `/quiz`, e.g. `/quiz probability hard`.', fields };
  },
});
