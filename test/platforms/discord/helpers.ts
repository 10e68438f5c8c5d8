import type { FakeDiscord, FakeInteraction, FakeMessage, RecordedRequest } from '../../support/fake-discord.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

export const EPHEMERAL = 64;

export const isEphemeral = (m: FakeMessage) => (m.flags & EPHEMERAL) === EPHEMERAL;

/** Everything a person reads in a message: content, embed title, description, fields, footer. */
export function textOf(m: FakeMessage): string {
  const parts: string[] = [m.content];
  for (const e of m.embeds as any[]) {
    parts.push(e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f: any) => [f.name, f.value]), e.footer?.text ?? '');
  }
  return parts.filter(Boolean).join('\n');
}

export function buttonsOf(m: FakeMessage): { custom_id: string; label: string; style: number }[] {
  return (m.components as any[]).flatMap((row) => row.components ?? []);
}

/** The recorded interaction callback (the first response) of an interaction. */
export function callbackOf(fake: FakeDiscord, it: FakeInteraction): RecordedRequest | undefined {
  return fake.requests.find((r) => r.route === '/interactions/:id/:token/callback' && r.params.id === it.id && r.status < 300);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
