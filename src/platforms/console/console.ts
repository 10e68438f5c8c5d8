import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { clearScreenDown, createInterface, cursorTo, moveCursor, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Invocation } from '../../core/command.js';
import type { Form, Reply } from '../../core/reply.js';
import type { Router } from '../../core/router.js';
import type { DmOptions, PostingPort } from '../../core/posting.js';
import { renderText } from './render.js';

export const CONSOLE_COMMUNITY = 'console:local';
/** Where the buttons of a user's last direct message are kept (user names are case-insensitive there). */
const dmKey = (user: string) => `dm|${user.toLowerCase()}`;
const NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/i;

/** Commands only the terminal has, as /help lists and explains them. */
const CONSOLE_COMMANDS = {
  as: '`/as <name>`: act as another user, e.g. `/as alice` (names are letters, digits, - and _).',
  channel: '`/channel <name>`: switch channel, e.g. `/channel general`.',
  clock: '`/clock <time>`: move the clock forward, e.g. `/clock +1d`, `/clock +3h`, `/clock +30m` or `/clock 2026-03-29T09:00:00Z` (needs --allow-clock).',
  quit: '`/quit`: leave (Ctrl-D works too).',
} as const;

export interface ConsoleOptions {
  router: Router;
  output: Writable;
  clock?: () => Date;
  /** Allow `/clock` to move time (for scripted sessions and demos). */
  allowClock?: boolean;
  user?: string;
  /** Defaults to CONSOLE_COMMUNITY. */
  communityId?: string;
  /** Called after /clock moves time, so scheduled posts and reveals due by then happen. */
  onClock?: (now: Date) => Promise<void>;
  /** Where images (/progress, /leaderboard image:yes) are written: DATA_DIR/images. */
  imageDir?: string;
}

/**
 * The terminal platform: the same commands typed at a prompt. `/as <name>` switches user,
 * `/channel <name>` switches channel, a number presses a button of the last reply.
 */
export class ConsolePlatform implements PostingPort {
  readonly platform = 'console' as const;
  readonly route = 'console';
  private user: string;
  private channel = 'main';
  private offsetMs = 0;
  /** Buttons of the last message per "user|channel" (private) or "*|channel" (channel posts), with a sequence number. */
  private lastButtons = new Map<string, { seq: number; ids: string[] }>();
  private buttonSeq = 0;
  private pendingForm = new Map<string, Form>();
  private messageSeq = 0;
  private imageSeq = 0;
  /** The interactive prompt, and whether a typed line is being handled (its replies print as usual). */
  private rl?: Interface;
  private busy = false;

  constructor(private readonly o: ConsoleOptions) {
    this.user = o.user ?? 'you';
  }

  now(): Date {
    return new Date((this.o.clock?.() ?? new Date()).getTime() + this.offsetMs);
  }

  private invocation(): Invocation {
    return {
      platform: 'console', communityId: this.o.communityId ?? CONSOLE_COMMUNITY, channelId: `console:${this.channel}`, channelName: this.channel,
      userId: `console:${this.user.toLowerCase()}`,
      displayName: this.user, isAdmin: true, now: this.now(),
      resolveUser: (raw) => {
        const name = raw.replace(/^@/, '');
        return NAME.test(name) ? `console:${name.toLowerCase()}` : undefined;
      },
    };
  }

  private print(text: string): void {
    const out = this.o.output;
    if (!this.rl || this.busy) { out.write(`${text}\n`); return; }
    // A message arriving on its own (a scheduled post) while someone may be typing: clear the prompt and the
    // half-typed line, print the message, then draw them again below it with the cursor where it was.
    const rl = this.rl;
    const { rows } = rl.getCursorPos();
    cursorTo(out, 0);
    if (rows > 0) moveCursor(out, 0, -rows);
    clearScreenDown(out);
    out.write(`${text}\n`);
    // Drawn here rather than by rl.prompt(true), whose redraw first moves up by the rows it last drew and
    // would overwrite the message when the typed line wraps. ESC 7 / ESC 8 save and restore the cursor.
    const before = rl.getPrompt() + rl.line.slice(0, rl.cursor);
    const after = rl.line.slice(rl.cursor);
    out.write(after ? `${before}\x1b7${after}\x1b8` : before);
  }

  private show(reply: Reply, channel = this.channel): void {
    const key = reply.visibility === 'channel' && reply.postId ? `*|${channel}` : `${this.user}|${channel}`;
    if (reply.form) this.pendingForm.set(`${this.user}|${channel}`, reply.form);
    if (reply.buttons?.length) this.lastButtons.set(key, { seq: ++this.buttonSeq, ids: reply.buttons.map((b) => b.actionId) });
    this.print(renderText(reply));
    if (reply.image) this.print(this.saveImage(reply.image));
    for (const extra of reply.announce ?? []) this.print(renderText(extra));
  }

  /** Writes an image under the image folder and says where (the text above is its summary). */
  private saveImage(image: NonNullable<Reply['image']>): string {
    const dir = resolve(this.o.imageDir ?? join('data', 'images'));
    const stamp = this.now().toISOString().replace(/[:.]/g, '-');
    const name = `${stamp}-${++this.imageSeq}-${/^[A-Za-z0-9_-]{1,60}\.png$/.test(image.fileName) ? image.fileName : 'image.png'}`;
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, name), image.png);
      return `🖼  Image (${image.width}×${image.height}): ${join(dir, name)}`;
    } catch (err) {
      return `⚠️  Could not write the image to ${dir}: ${(err as Error).message}`;
    }
  }

  /** Handles one typed line; returns false when the session should end. */
  async handleLine(raw: string): Promise<boolean> {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return true;
    const key = `${this.user}|${this.channel}`;
    if (/^\/(quit|exit)$/i.test(line)) return false;
    const own = /^\/(as|channel|clock)(?:\s+([\s\S]*))?$/i.exec(line);
    if (own) {
      await this.consoleCommand(own[1]!.toLowerCase() as keyof typeof CONSOLE_COMMANDS, (own[2] ?? '').trim());
      return true;
    }
    if (/^\d$/.test(line)) {
      // The newest of: your last private message here, the channel's last post, your last direct message.
      const candidates = [this.lastButtons.get(key), this.lastButtons.get(`*|${this.channel}`), this.lastButtons.get(dmKey(this.user))];
      const latest = candidates.reduce((a, b) => (b && (!a || b.seq > a.seq) ? b : a), undefined);
      const id = latest?.ids[Number(line) - 1];
      if (!id) { this.print('⚠️  No such button on the last message.'); return true; }
      this.show(await this.o.router.action(this.invocation(), id));
      return true;
    }
    const form = this.pendingForm.get(key);
    if (form && !line.startsWith('/')) {
      this.pendingForm.delete(key);
      this.show(await this.o.router.action(this.invocation(), form.actionId, form.optional && line === '-' ? '' : line));
      return true;
    }
    if (!line.startsWith('/')) {
      this.print('Commands start with a slash. Try /help, /quiz, or /as <name> to switch user.');
      return true;
    }
    this.pendingForm.delete(key);
    const cm = /^\/(\S+)\s*([\s\S]*)$/.exec(line)!;
    const [name, text] = [cm[1]!.toLowerCase(), cm[2]!.trim()];
    const asked = text.replace(/^\//, '').toLowerCase();
    if (name === 'help' && asked in CONSOLE_COMMANDS) {
      this.print(`🔒 ${CONSOLE_COMMANDS[asked as keyof typeof CONSOLE_COMMANDS]}`);
      return true;
    }
    const reply = await this.o.router.dispatch(this.invocation(), { name, text });
    if (name === 'help' && text === '' && reply.tone !== 'error') {
      reply.body += `\n\nIn the terminal:\n${Object.values(CONSOLE_COMMANDS).join('\n')}`;
    }
    this.show(reply);
    return true;
  }

  /** /as, /channel and /clock: console-only commands that explain themselves when the argument is missing or bad. */
  private async consoleCommand(name: keyof typeof CONSOLE_COMMANDS, arg: string): Promise<void> {
    const help = CONSOLE_COMMANDS[name];
    if (name === 'clock') {
      if (!arg) { this.print(`⚠️  /clock needs a time.\n${help}`); return; }
      await this.setClock(arg);
      return;
    }
    const value = arg.replace(name === 'as' ? /^@/ : /^#/, '');
    const what = name === 'as' ? 'a user name' : 'a channel name';
    if (!value) { this.print(`⚠️  /${name} needs ${what}.\n${help}`); return; }
    if (!NAME.test(value)) { this.print(`⚠️  "${value.slice(0, 40)}" is not ${what}: one word of letters, digits, - and _ (up to 32).\n${help}`); return; }
    if (name === 'as') { this.user = value; this.print(`👤 You are now ${this.user}.`); }
    else { this.channel = value.toLowerCase(); this.print(`💬 Now in #${this.channel}.`); }
  }

  private async setClock(arg: string): Promise<void> {
    if (!this.o.allowClock) { this.print('⚠️  /clock is only available when the console runs with --allow-clock.'); return; }
    const rel = /^\+(\d+)([dhm])$/.exec(arg);
    if (rel) {
      this.offsetMs += Number(rel[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[rel[2] as 'd' | 'h' | 'm'];
    } else {
      const t = Date.parse(arg);
      if (Number.isNaN(t)) { this.print('⚠️  Use /clock +1d, +3h, +30m or an ISO time such as 2026-03-29T09:00:00Z.'); return; }
      this.offsetMs = t - (this.o.clock?.() ?? new Date()).getTime();
    }
    this.print(`🕒 Clock: ${this.now().toISOString()}`);
    await this.o.onClock?.(this.now());
  }

  /** Runs lines from a script or piped stdin, echoing each as "user> line". */
  async runScript(lines: Iterable<string> | AsyncIterable<string>): Promise<void> {
    for await (const line of lines) {
      if (line.trim() === '' ) continue;
      this.print(`${this.user}> ${line.trim()}`);
      if (!(await this.handleLine(line))) break;
    }
  }

  async runInteractive(input: Readable): Promise<void> {
    const rl = createInterface({ input, output: this.o.output, terminal: true });
    this.print('Daily Gradient in your terminal. Type /help, /quiz to start, /as <name> to switch user, /quit to leave.');
    const prompt = () => rl.setPrompt(`${this.user}#${this.channel}> `);
    prompt();
    rl.prompt();
    this.rl = rl;
    try {
      for await (const line of rl) {
        this.busy = true;
        if (!(await this.handleLine(line))) break;
        prompt();
        rl.prompt();
        this.busy = false;
      }
    } finally {
      this.rl = undefined;
      this.busy = false;
      rl.close();
    }
  }

  // PostingPort: scheduled posts print like any other message.
  async post(channelId: string, reply: Reply): Promise<string> {
    const channel = channelId.replace(/^console:/, '');
    this.print(`── #${channel} ──`);
    this.show(reply, channel);
    return `m${++this.messageSeq}`;
  }

  async edit(channelId: string, _messageId: string, reply: Reply): Promise<void> {
    this.print(`── #${channelId.replace(/^console:/, '')} (updated) ──`);
    this.print(renderText(reply));
  }

  /** Reactions are shown in the message itself (the emoji listed under the question). */
  async react(): Promise<void> {}

  /**
   * Direct messages print inline. One that carries its community (a reminder) keeps its buttons: acting as that user,
   * type a button's number to press it.
   */
  async dm(userId: string, reply: Reply, opts: DmOptions = {}): Promise<void> {
    const name = userId.replace(/^console:/, '');
    const shown = opts.communityId ? reply : { ...reply, buttons: [] };
    if (shown.buttons?.length) this.lastButtons.set(dmKey(name), { seq: ++this.buttonSeq, ids: shown.buttons.map((b) => b.actionId) });
    this.print(`📬 [DM to ${name === this.user.toLowerCase() ? 'you' : `@${name}`}]`);
    this.print(renderText(shown));
  }
}
