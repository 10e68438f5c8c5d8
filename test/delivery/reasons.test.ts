import { describe, expect, it } from 'vitest';
import { retriedErrorInWords } from '../../src/delivery/reasons.js';

describe('why a slot ran out of time, in plain words', () => {
  it('names the kind of trouble the last error shows, never the error itself', () => {
    const cases: [string | undefined, string][] = [
      ['rate limited for 1000 ms', 'the platform kept asking the bot to slow down'],
      ['connect ECONNREFUSED 127.0.0.1:443', 'the platform could not be reached'],
      ['getaddrinfo EAI_AGAIN discord.com', 'the platform could not be reached'],
      ['Request aborted', 'the platform kept timing out'],
      ['Service Unavailable', 'the platform kept answering with server errors'],
      ['Internal Server Error[500]: something inside', 'the platform kept answering with server errors'],
      ['Cannot read properties of undefined (reading \'id\')', 'the platform kept refusing or timing out'],
      [undefined, 'the bot could not send it in time'],
    ];
    for (const [raw, words] of cases) expect(retriedErrorInWords(raw), raw).toBe(words);
  });
});
