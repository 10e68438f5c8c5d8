/**
 * Discord's documented payload limits, checked the way Discord checks them: a list of problems that the
 * fake turns into `400 {code: 50035, message: 'Invalid Form Body', errors: {...}}`.
 * Sources: developer docs, Message (create/execute webhook), Embed limits, Components, Interactions
 * (modals, autocomplete), Application Commands.
 */

export interface Problem { path: (string | number)[]; code: string; message: string }

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const maxLen = (path: Problem['path'], v: unknown, max: number, min = 0): Problem[] => {
  if (v === undefined || v === null) return min > 0 ? [{ path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] : [];
  if (typeof v !== 'string') return [{ path, code: 'STRING_TYPE_CONVERT', message: 'Could not interpret value as string.' }];
  if (v.length > max) return [{ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` }];
  if (v.length < min) return [{ path, code: 'BASE_TYPE_BAD_LENGTH', message: `Must be between ${min} and ${max} in length.` }];
  return [];
};

const maxItems = (path: Problem['path'], v: unknown, max: number, min = 0): Problem[] => {
  if (v === undefined || v === null) return min > 0 ? [{ path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] : [];
  if (!Array.isArray(v)) return [{ path, code: 'LIST_TYPE_CONVERT', message: 'Must be an array.' }];
  if (v.length > max || v.length < min) return [{ path, code: 'BASE_TYPE_BAD_LENGTH', message: `Must be between ${min} and ${max} in length.` }];
  return [];
};

export function embedLength(e: Json): number {
  const n = (s: unknown) => (typeof s === 'string' ? s.length : 0);
  return n(e.title) + n(e.description) + n(e.footer?.text) + n(e.author?.name)
    + (Array.isArray(e.fields) ? e.fields.reduce((t: number, f: Json) => t + n(f?.name) + n(f?.value), 0) : 0);
}

export function checkEmbeds(embeds: unknown): Problem[] {
  const out = maxItems(['embeds'], embeds, 10);
  if (out.length || !Array.isArray(embeds)) return out;
  embeds.forEach((e: Json, i) => {
    const p = (...rest: (string | number)[]) => ['embeds', i, ...rest];
    out.push(...maxLen(p('title'), e.title, 256));
    out.push(...maxLen(p('description'), e.description, 4096));
    out.push(...maxItems(p('fields'), e.fields, 25));
    if (Array.isArray(e.fields)) e.fields.forEach((f: Json, j: number) => {
      out.push(...maxLen(p('fields', j, 'name'), f?.name, 256, 1));
      out.push(...maxLen(p('fields', j, 'value'), f?.value, 1024, 1));
    });
    if (e.footer !== undefined) out.push(...maxLen(p('footer', 'text'), e.footer?.text, 2048, 1));
    if (e.author !== undefined) out.push(...maxLen(p('author', 'name'), e.author?.name, 256, 1));
  });
  const total = embeds.reduce((t: number, e: Json) => t + embedLength(e), 0);
  if (total > 6000) out.push({ path: ['embeds'], code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' });
  return out;
}

export function checkComponents(rows: unknown): Problem[] {
  const out = maxItems(['components'], rows, 5);
  if (out.length || !Array.isArray(rows)) return out;
  const ids = new Set<string>();
  rows.forEach((row: Json, i) => {
    if (row?.type !== 1) { out.push({ path: ['components', i, 'type'], code: 'UNION_TYPE_CHOICES', message: 'Value of field "type" must be one of (1,).' }); return; }
    out.push(...maxItems(['components', i, 'components'], row.components, 5, 1));
    (Array.isArray(row.components) ? row.components : []).forEach((c: Json, j: number) => {
      const p = (k: string) => ['components', i, 'components', j, k];
      if (c?.type !== 2) return;
      if (c.style === 5) { out.push(...maxLen(p('url'), c.url, 512, 1)); return; }
      out.push(...maxLen(p('custom_id'), c.custom_id, 100, 1));
      out.push(...maxLen(p('label'), c.label, 80));
      if (![1, 2, 3, 4, 6].includes(c.style)) out.push({ path: p('style'), code: 'BASE_TYPE_CHOICES', message: 'Value must be one of {1, 2, 3, 4, 5, 6}.' });
      if (typeof c.custom_id === 'string') {
        if (ids.has(c.custom_id)) out.push({ path: p('custom_id'), code: 'COMPONENT_CUSTOM_ID_DUPLICATED', message: 'Component custom id cannot be duplicated' });
        ids.add(c.custom_id);
      }
    });
  });
  return out;
}

/** A message create / execute webhook / interaction message / edit (the not-empty rule is `isEmptyMessage`). */
export function checkMessage(body: Json): Problem[] {
  if (!body || typeof body !== 'object') return [{ path: [], code: 'DICT_TYPE_CONVERT', message: 'Only dictionaries may be used in a DictType' }];
  const out = [...maxLen(['content'], body.content, 2000), ...checkEmbeds(body.embeds), ...checkComponents(body.components)];
  const parse = body.allowed_mentions?.parse;
  if (parse !== undefined && (!Array.isArray(parse) || parse.some((x: unknown) => !['users', 'roles', 'everyone'].includes(String(x))))) {
    out.push({ path: ['allowed_mentions', 'parse'], code: 'BASE_TYPE_CHOICES', message: 'Value must be one of (users, roles, everyone).' });
  }
  return out;
}

export function isEmptyMessage(body: Json): boolean {
  const has = (v: unknown) => (Array.isArray(v) ? v.length > 0 : typeof v === 'string' ? v.length > 0 : v !== undefined && v !== null);
  return !has(body?.content) && !has(body?.embeds) && !has(body?.components) && !has(body?.sticker_ids) && !has(body?.poll) && !has(body?.attachments);
}

function checkTextInput(path: Problem['path'], c: Json, legacy: boolean): Problem[] {
  const p = (k: string) => [...path, k];
  const out = [...maxLen(p('custom_id'), c.custom_id, 100, 1), ...maxLen(p('placeholder'), c.placeholder, 100), ...maxLen(p('value'), c.value, 4000)];
  if (legacy) out.push(...maxLen(p('label'), c.label, 45, 1));
  else if (c.label !== undefined) out.push({ path: p('label'), code: 'COMPONENT_INVALID_FIELD', message: 'label is not allowed on a text input inside a label component' });
  if (![1, 2].includes(c.style)) out.push({ path: p('style'), code: 'BASE_TYPE_CHOICES', message: 'Value must be one of {1, 2}.' });
  if (c.max_length !== undefined && (c.max_length < 1 || c.max_length > 4000)) out.push({ path: p('max_length'), code: 'NUMBER_TYPE_MAX', message: 'int value should be between 1 and 4000.' });
  if (c.min_length !== undefined && (c.min_length < 0 || c.min_length > 4000)) out.push({ path: p('min_length'), code: 'NUMBER_TYPE_MAX', message: 'int value should be between 0 and 4000.' });
  return out;
}

/** Interaction response type 9. Text inputs inside Label components (type 18) or legacy action rows. */
export function checkModal(data: Json): Problem[] {
  const out = [...maxLen(['custom_id'], data?.custom_id, 100, 1), ...maxLen(['title'], data?.title, 45, 1), ...maxItems(['components'], data?.components, 5, 1)];
  (Array.isArray(data?.components) ? data.components : []).forEach((c: Json, i: number) => {
    if (c?.type === 18) {
      out.push(...maxLen(['components', i, 'label'], c.label, 45, 1), ...maxLen(['components', i, 'description'], c.description, 100));
      if (c.component?.type === 4) out.push(...checkTextInput(['components', i, 'component'], c.component, false));
      else out.push({ path: ['components', i, 'component'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
    } else if (c?.type === 1) {
      (c.components ?? []).forEach((t: Json, j: number) => out.push(...checkTextInput(['components', i, 'components', j], t, true)));
    } else {
      out.push({ path: ['components', i, 'type'], code: 'UNION_TYPE_CHOICES', message: 'Value of field "type" must be one of (1, 10, 18).' });
    }
  });
  return out;
}

/** Interaction response type 8. */
export function checkAutocomplete(data: Json): Problem[] {
  const out = maxItems(['choices'], data?.choices, 25);
  (Array.isArray(data?.choices) ? data.choices : []).forEach((c: Json, i: number) => {
    out.push(...maxLen(['choices', i, 'name'], c?.name, 100, 1));
    if (typeof c?.value === 'string') out.push(...maxLen(['choices', i, 'value'], c.value, 100, 1));
  });
  return out;
}

const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function checkOptions(path: Problem['path'], options: Json[] | undefined): Problem[] {
  const out = maxItems([...path, 'options'], options, 25);
  if (!Array.isArray(options)) return out;
  let optionalSeen = false;
  const names = new Set<string>();
  options.forEach((o: Json, i: number) => {
    const p = (...k: (string | number)[]) => [...path, 'options', i, ...k];
    if (typeof o.name !== 'string' || !NAME.test(o.name) || o.name !== o.name.toLowerCase()) out.push({ path: p('name'), code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
    if (names.has(o.name)) out.push({ path: p('name'), code: 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', message: 'Option names must be unique' });
    names.add(o.name);
    out.push(...maxLen(p('description'), o.description, 100, 1));
    if (o.type === 1 || o.type === 2) { out.push(...checkOptions(p(), o.options)); return; }
    if (o.required && optionalSeen) out.push({ path: p('required'), code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', message: 'Required options must be placed before non-required options' });
    if (!o.required) optionalSeen = true;
    if (o.choices !== undefined) {
      out.push(...maxItems(p('choices'), o.choices, 25));
      if (o.autocomplete) out.push({ path: p('autocomplete'), code: 'AUTOCOMPLETE_AND_CHOICES', message: 'Autocomplete cannot be set with choices' });
      (o.choices as Json[]).forEach((c, j) => {
        out.push(...maxLen(p('choices', j, 'name'), c.name, 100, 1));
        if (o.type === 3) out.push(...maxLen(p('choices', j, 'value'), c.value, 100, 1));
      });
    }
    if (o.max_length !== undefined && (o.max_length < 1 || o.max_length > 6000)) out.push({ path: p('max_length'), code: 'NUMBER_TYPE_MAX', message: 'int value should be between 1 and 6000.' });
  });
  return out;
}

/** Bulk overwrite of chat-input commands. */
export function checkCommands(list: Json): Problem[] {
  if (!Array.isArray(list)) return [{ path: [], code: 'LIST_TYPE_CONVERT', message: 'Must be an array.' }];
  const out = maxItems([], list, 100);
  const names = new Set<string>();
  list.forEach((c: Json, i: number) => {
    if (typeof c.name !== 'string' || !NAME.test(c.name) || c.name !== c.name.toLowerCase()) out.push({ path: [i, 'name'], code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
    if (names.has(c.name)) out.push({ path: [i, 'name'], code: 'APPLICATION_COMMANDS_DUPLICATE_NAME', message: 'Application command names must be unique' });
    names.add(c.name);
    out.push(...maxLen([i, 'description'], c.description, 100, 1));
    out.push(...checkOptions([i], c.options));
  });
  return out;
}

/** Discord's nested error body for a 400 Invalid Form Body. */
export function formBodyError(problems: Problem[]): { code: number; message: string; errors: Json } {
  const errors: Json = {};
  for (const pr of problems) {
    let node = errors;
    for (const k of pr.path) node = node[String(k)] ??= {};
    (node._errors ??= []).push({ code: pr.code, message: pr.message });
  }
  return { code: 50035, message: 'Invalid Form Body', errors };
}
