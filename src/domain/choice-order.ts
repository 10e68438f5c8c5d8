/**
 * Per-post option order. Each post shows a choice question's options in an order derived from the post id:
 * stable for that post (everyone who sees a channel post sees the same letters), different between posts,
 * so neither the position nor a habit of the author gives the answer away.
 */

/** FNV-1a, 32 bits: a small stable hash of a string. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** mulberry32: a tiny deterministic generator in [0, 1), the same sequence for a seed on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** order[shown position] = index of the option in the question file. */
export function choiceOrder(postId: string, count: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  const next = seededRandom(fnv1a(`order:${postId}`));
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** The shown position of the option that is `original` in the file. */
export function shownPosition(order: readonly number[], original: number): number {
  return order.indexOf(original);
}

const optionKeys = new Map<string, string>();

/** A short identity of an option's text: stored with an answer so it survives options being reordered in the file. */
export function optionKey(text: string): string {
  let key = optionKeys.get(text);
  if (key === undefined) {
    key = fnv1a(text.toLowerCase().replace(/\s+/g, ' ').trim()).toString(36);
    if (optionKeys.size >= 20_000) optionKeys.clear();
    optionKeys.set(text, key);
  }
  return key;
}
