/**
 * What an admin reads when a slot runs out of time: the retried errors in plain words. The raw error (an errno, an
 * HTTP status, a library's message) goes to the logs only; it means nothing to an admin and can hold internals.
 */
const KINDS: { test: RegExp; words: string }[] = [
  { test: /rate.?limit|\b429\b|too many requests|slow down/i, words: 'the platform kept asking the bot to slow down' },
  { test: /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ECONNRESET|EPIPE|socket|network|fetch failed|getaddrinfo/i, words: 'the platform could not be reached' },
  { test: /timed? ?out|timeout|ETIMEDOUT|abort/i, words: 'the platform kept timing out' },
  { test: /\b5\d\d\b|server error|service unavailable|bad gateway|gateway timeout/i, words: 'the platform kept answering with server errors' },
];

/** "the platform kept refusing or timing out", or a more exact plain-words cause when the last error tells it. */
export function retriedErrorInWords(lastError: string | undefined): string {
  if (!lastError) return 'the bot could not send it in time';
  return KINDS.find((k) => k.test.test(lastError))?.words ?? 'the platform kept refusing or timing out';
}
