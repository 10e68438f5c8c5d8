import type { Bank } from '../domain/bank.js';
import { addCounts, emptyCounts, exportRow, sortRows, type ExportRow, type QuestionCounts, type QuestionMeta } from '../domain/question-stats.js';
import { allCommunityStats } from '../store/feedback.js';
import type { Store } from '../store/redis.js';

function metaOf(bank: Bank | undefined, id: string): QuestionMeta | undefined {
  const q = bank?.get(id);
  return q && { track: q.track, topic: q.topic, difficulty: q.difficulty, kind: q.kind };
}

/**
 * The rows of `npm run questions:stats`: one per question summed over every community, or one per community and
 * question; flagged ones first. Questions no longer in the bank keep their row with blank track, topic and kind.
 */
export async function exportRows(redis: Store, bank: Bank | undefined, byCommunity: boolean): Promise<ExportRow[]> {
  const all = await allCommunityStats(redis);
  const rows: ExportRow[] = [];
  if (byCommunity) {
    for (const [community, counts] of all) for (const [qid, c] of counts) rows.push(exportRow(qid, c, metaOf(bank, qid), community));
    return sortRows(rows);
  }
  const sum = new Map<string, QuestionCounts>();
  for (const counts of all.values()) {
    for (const [qid, c] of counts) {
      let total = sum.get(qid);
      if (!total) { total = emptyCounts(); sum.set(qid, total); }
      addCounts(total, c);
    }
  }
  for (const [qid, c] of sum) rows.push(exportRow(qid, c, metaOf(bank, qid)));
  return sortRows(rows);
}
