/** Block Kit checks and payload helpers for the fake Slack: what Slack would refuse, and what a message shows. */

/** Every piece of text a Slack message payload would show (top-level text and all text in blocks / views). */
export function textOf(payload: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown, key?: string) => {
    if (typeof v === 'string') { if (key === 'text') out.push(v); return; }
    if (Array.isArray(v)) { v.forEach((x) => walk(x)); return; }
    if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(payload);
  return out.join('\n');
}

/** The action_ids of all buttons in a message payload. */
export function actionIdsOf(payload: unknown): string[] {
  const blocks = (payload as { blocks?: { type: string; elements?: { action_id?: string }[] }[] }).blocks ?? [];
  return blocks.filter((b) => b.type === 'actions').flatMap((b) => (b.elements ?? []).map((e) => e.action_id ?? ''));
}

type Obj = Record<string, unknown>;
const textLen = (t: unknown) => (typeof (t as Obj | undefined)?.text === 'string' ? ((t as Obj).text as string).length : -1);

/** Checks blocks against Slack's documented Block Kit limits; returns what Slack would reject. */
export function blockKitProblems(blocks: unknown): string[] {
  if (blocks === undefined) return [];
  if (!Array.isArray(blocks)) return ['blocks is not an array'];
  const p: string[] = [];
  if (blocks.length > 50) p.push(`${blocks.length} blocks (max 50)`);
  (blocks as Obj[]).forEach((b, i) => {
    const at = `block ${i} (${String(b.type)})`;
    if (b.text !== undefined && (textLen(b.text) < 1 || textLen(b.text) > (b.type === 'header' ? 150 : 3000))) p.push(`${at}: text length ${textLen(b.text)}`);
    if (b.type === 'header' && (b.text as Obj)?.type !== 'plain_text') p.push(`${at}: header text must be plain_text`);
    if (b.type === 'section') {
      const fields = (b.fields as Obj[] | undefined) ?? [];
      if (fields.length > 10) p.push(`${at}: ${fields.length} fields (max 10)`);
      for (const f of fields) if (textLen(f) < 1 || textLen(f) > 2000) p.push(`${at}: field length ${textLen(f)}`);
      if (b.text === undefined && fields.length === 0) p.push(`${at}: section without text or fields`);
    }
    const elements = (b.elements as Obj[] | undefined) ?? [];
    if (b.type === 'context' && (elements.length < 1 || elements.length > 10)) p.push(`${at}: ${elements.length} context elements (max 10)`);
    if (b.type === 'context') for (const e of elements) if (textLen(e) > 3000) p.push(`${at}: context text ${textLen(e)}`);
    if (b.type === 'actions') {
      if (elements.length < 1 || elements.length > 25) p.push(`${at}: ${elements.length} elements (max 25)`);
      const ids = new Set<string>();
      for (const e of elements) {
        const id = String(e.action_id ?? '');
        if (id.length > 255) p.push(`${at}: action_id length ${id.length}`);
        if (ids.has(id)) p.push(`${at}: duplicate action_id ${id}`);
        ids.add(id);
        if (e.type === 'button' && (textLen(e.text) < 1 || textLen(e.text) > 75)) p.push(`${at}: button text length ${textLen(e.text)}`);
        if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger') p.push(`${at}: button style ${String(e.style)}`);
      }
    }
  });
  return p;
}

export function modalProblems(view: unknown): string[] {
  const v = (view ?? {}) as Obj;
  const p = blockKitProblems(v.blocks);
  if (v.type !== 'modal') p.push('view type is not modal');
  for (const k of ['title', 'submit', 'close'] as const) if (v[k] !== undefined && (textLen(v[k]) < 1 || textLen(v[k]) > 24)) p.push(`modal ${k} length ${textLen(v[k])}`);
  if (String(v.callback_id ?? '').length > 255) p.push('callback_id longer than 255');
  if (String(v.private_metadata ?? '').length > 3000) p.push('private_metadata longer than 3000');
  return p;
}
