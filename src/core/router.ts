import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { isGroup, type CommandContext, type CommandSpec, type Invocation, type LeafCommand } from './command.js';
import { PermissionError, UserError } from './errors.js';
import { parseActionId } from './action-ids.js';
import { errorReply, type Reply } from './reply.js';
import { parseTextArgs } from './parse.js';
import { explainIssue, usageTail } from './explain.js';
import type { Services } from '../services/services.js';
import type { Logger } from '../ops/logger.js';
import type { Metrics } from '../ops/metrics.js';

export interface CommandInput {
  name: string;
  /** For group commands, e.g. "join" of /team join; text input may carry it as its first word. */
  sub?: string;
  /** Typed option values (Discord), or... */
  args?: Record<string, unknown>;
  /** ...the raw text after the command (Slack, console). */
  text?: string;
}

const REPLAYED: Reply = { visibility: 'private', tone: 'info', body: 'This request was already handled; nothing new was done.' };

/** Finds commands, checks permissions, validates options with zod, runs them; every failure becomes a clear Reply. */
export class Router {
  private readonly byName: Map<string, CommandSpec>;

  constructor(readonly commands: readonly CommandSpec[], private readonly services: Services, private readonly log: Logger, private readonly metrics?: Metrics) {
    this.byName = new Map(commands.map((c) => [c.name, c]));
    if (this.byName.size !== commands.length) throw new Error('two commands share a name');
  }

  resolve(name: string, sub?: string, text?: string): { leaf: LeafCommand; path: string[]; text?: string } {
    const spec = this.byName.get(name.toLowerCase());
    if (!spec) throw new UserError(`Unknown command \`/${name.slice(0, 32)}\`. Try \`/help\`.`);
    if (!isGroup(spec)) return { leaf: spec, path: [spec.name], text };
    let subName = sub;
    let rest = text;
    if (!subName && text !== undefined) {
      const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(text);
      subName = m?.[1]?.toLowerCase();
      rest = m?.[2] ?? '';
    }
    const leaf = spec.subcommands.find((s) => s.name === subName);
    if (!leaf) {
      const list = spec.subcommands.map((s) => `\`/${spec.name} ${s.name}\``).join(', ');
      throw new UserError(subName ? `Unknown subcommand "${subName.slice(0, 32)}" for /${spec.name}. Use ${list}.` : `/${spec.name} needs a subcommand: ${list}.`);
    }
    return { leaf, path: [spec.name, leaf.name], text: rest };
  }

  async dispatch(inv: Invocation, input: CommandInput): Promise<Reply> {
    const started = process.hrtime.bigint();
    let outcome = 'ok';
    try {
      if (await this.replayed(inv)) return REPLAYED;
      const { leaf, path, text } = this.resolve(input.name, input.sub, input.text);
      if (leaf.admin && !inv.isAdmin) throw new PermissionError(`Only admins can use \`/${path.join(' ')}\`.`);
      const args = this.validate(leaf, path, input.args ?? this.parse(leaf, path, text ?? '', inv));
      return await leaf.run(this.context(inv), args);
    } catch (err) {
      outcome = err instanceof UserError ? 'rejected' : 'error';
      return this.failure(err, inv, `/${input.name}`);
    } finally {
      this.metrics?.commands.inc({ command: input.name.slice(0, 32), platform: inv.platform, outcome });
      this.metrics?.latency.observe({ kind: 'command' }, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  /** Buttons, form submissions and reactions. Ids are parsed strictly; forged ones change nothing. */
  async action(inv: Invocation, actionId: string, formText?: string): Promise<Reply> {
    let outcome = 'ok';
    try {
      if (await this.replayed(inv)) return REPLAYED;
      const action = parseActionId(actionId);
      if (!action) throw new UserError('That button is not valid (it may be from an old version of the bot). Use `/quiz` for a fresh question.');
      const q = this.services.quiz;
      switch (action.type) {
        case 'mock': return await this.services.mock.action(inv, action.mock, formText);
        case 'answer': return await q.answer(inv, action.postId, { choice: action.choice });
        case 'ask': return await q.form(inv, action.postId);
        case 'form': return await q.answer(inv, action.postId, { text: formText ?? '' });
        case 'assess': return await q.selfAssess(inv, action.postId, action.level);
        case 'next': return await q.ask(inv, action.subject, action.difficulty);
        case 'review': return await q.review(inv);
        case 'pick': return await q.answerPicked(inv, action.postId, action.token);
        case 'hint': return await this.services.feedback.hint(inv, action.postId);
        case 'report': return await this.services.feedback.reportMenu(inv, action.postId);
        case 'reportReason': return await this.services.feedback.reportReason(inv, action.postId, action.reason);
        case 'reportNote': return await this.services.feedback.report(inv, action.postId, action.reason, formText ?? '');
        default: throw new UserError('That button is not valid.');
      }
    } catch (err) {
      outcome = err instanceof UserError ? 'rejected' : 'error';
      return this.failure(err, inv, 'action');
    } finally {
      this.metrics?.commands.inc({ command: 'action', platform: inv.platform, outcome });
    }
  }

  /** A platform delivering the same interaction twice (a replay or a retry) runs it once. */
  private async replayed(inv: Invocation): Promise<boolean> {
    if (!inv.interactionId) return false;
    return !(await this.services.interactions.first(inv.communityId, inv.interactionId));
  }

  /** Text after the command -> option values; a word that fits no option is explained with the usage and an example. */
  private parse(leaf: LeafCommand, path: string[], text: string, inv: Invocation): Record<string, unknown> {
    try {
      return parseTextArgs(leaf, text, inv.resolveUser);
    } catch (err) {
      if (err instanceof UserError) throw new UserError(err.message + usageTail(leaf, path));
      throw err;
    }
  }

  private validate(leaf: LeafCommand, path: string[], raw: Record<string, unknown>): z.infer<NonNullable<LeafCommand['options']>> {
    if (!leaf.options) return {};
    const parsed = leaf.options.safeParse(raw);
    if (parsed.success) return parsed.data;
    throw new UserError(explainIssue(leaf, path, parsed.error.issues[0]!));
  }

  private context(inv: Invocation): CommandContext {
    return { ...inv, services: this.services, commands: this.commands };
  }

  private failure(err: unknown, inv: Invocation, what: string): Reply {
    if (err instanceof UserError) return errorReply(err.message);
    const ref = randomUUID().slice(0, 8);
    this.log.error({ err, ref, what, platform: inv.platform, community: inv.communityId }, 'command failed');
    return errorReply(`Something went wrong on our side (ref ${ref}). Nothing was recorded; please try again.`);
  }
}
