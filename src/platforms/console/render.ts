import { plainChannel, renderChannels, renderInstants, type Reply } from '../../core/reply.js';
import { plainInstant } from '../../views/time.js';

/** Renders a Reply as plain terminal text; buttons become numbered choices. */
export function renderText(reply: Reply): string {
  const out: string[] = [];
  const lock = reply.visibility === 'private' ? '🔒 ' : '📣 ';
  const tone = reply.tone === 'error' ? '⚠️  ' : '';
  if (reply.title) out.push(`${lock}${stripMd(reply.title)}`);
  if (reply.body) out.push(`${reply.title ? '' : lock + tone}${stripMd(reply.body)}`);
  else if (!reply.title) out.push(lock.trim());
  for (const f of reply.fields ?? []) out.push(`${stripMd(f.name)}: ${stripMd(f.value)}`);
  if (reply.buttons?.length) out.push(reply.buttons.map((b, i) => `[${i + 1}] ${b.label}`).join('  '));
  if (reply.footer) out.push(stripMd(reply.footer).replace(/\|\|([^|]+)\|\|/g, '($1)'));
  if (reply.form) {
    out.push(reply.form.optional
      ? `✏️  ${reply.form.label}: type it on the next line, or - for none.`
      : `✏️  ${reply.form.label}: type your answer on the next line.`);
  }
  return out.join('\n');
}

/**
 * Light Markdown off; instants as date and time in the zone they carry (the community's), so every message agrees;
 * channels as #name (a console channel's id is its name).
 */
function stripMd(s: string): string {
  return renderChannels(renderInstants(s, plainInstant), plainChannel).replace(/\*\*([^*]+)\*\*/g, '$1');
}
