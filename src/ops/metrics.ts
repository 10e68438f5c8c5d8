import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  commands: Counter<'command' | 'platform' | 'outcome'>;
  latency: Histogram<'kind'>;
  posts: Counter<'kind'>;
}

export function createMetrics(withDefaults = true): Metrics {
  const registry = new Registry();
  if (withDefaults) collectDefaultMetrics({ register: registry });
  return {
    registry,
    commands: new Counter({ name: 'dg_commands_total', help: 'Commands and actions handled', labelNames: ['command', 'platform', 'outcome'], registers: [registry] }),
    latency: new Histogram({ name: 'dg_handler_seconds', help: 'Handler latency', labelNames: ['kind'], buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 3], registers: [registry] }),
    posts: new Counter({ name: 'dg_scheduled_posts_total', help: 'Scheduled posts and reveals', labelNames: ['kind'], registers: [registry] }),
  };
}
