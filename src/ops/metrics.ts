import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  commands: Counter<'command' | 'platform' | 'outcome'>;
  latency: Histogram<'kind'>;
  posts: Counter<'kind'>;
  /** Delivery jobs by kind (post, reveal, recap, notice, remind) and outcome (queued, done, retried, failed, skipped). */
  jobs: Counter<'kind' | 'outcome'>;
  /** Permanent delivery failures by kind and the platform's reason code. */
  failures: Counter<'kind' | 'code'>;
  /** Streak reminders by outcome (sent, skipped, failed) and reason (answered, off, late, refused, deadline, …). */
  reminders: Counter<'outcome' | 'reason'>;
  /** From a scheduled slot to the platform accepting its question. */
  slotDelay: Histogram<'platform'>;
}

export function createMetrics(withDefaults = true): Metrics {
  const registry = new Registry();
  if (withDefaults) collectDefaultMetrics({ register: registry });
  return {
    registry,
    commands: new Counter({ name: 'dg_commands_total', help: 'Commands and actions handled', labelNames: ['command', 'platform', 'outcome'], registers: [registry] }),
    latency: new Histogram({ name: 'dg_handler_seconds', help: 'Handler latency', labelNames: ['kind'], buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 3], registers: [registry] }),
    posts: new Counter({ name: 'dg_scheduled_posts_total', help: 'Scheduled posts, reveals and recaps the platforms accepted', labelNames: ['kind'], registers: [registry] }),
    jobs: new Counter({ name: 'dg_delivery_jobs_total', help: 'Delivery jobs by kind and outcome (queued, done, retried, failed, skipped)', labelNames: ['kind', 'outcome'], registers: [registry] }),
    failures: new Counter({ name: 'dg_delivery_failures_total', help: 'Permanent delivery failures by kind and platform reason', labelNames: ['kind', 'code'], registers: [registry] }),
    reminders: new Counter({ name: 'dg_reminders_total', help: 'Streak reminders by outcome (sent, skipped, failed) and reason', labelNames: ['outcome', 'reason'], registers: [registry] }),
    slotDelay: new Histogram({
      name: 'dg_delivery_slot_delay_seconds', help: 'Delay from a scheduled slot to the platform accepting the question', labelNames: ['platform'],
      buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600], registers: [registry],
    }),
  };
}
