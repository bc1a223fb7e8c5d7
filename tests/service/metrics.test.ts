import { eq } from 'drizzle-orm';
import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema.ts';
import { startTestApp, type TestApp } from '../support/harness.ts';

type Scrape = Map<string, PrometheusFamily>;

/**
 * What a Prometheus server would read from the endpoint, parsed by a Prometheus text parser. The
 * parser folds a histogram's series into one and drops their labels, so each histogram is parsed a
 * second time as untyped: its `_bucket`, `_sum` and `_count` series then come out as families of
 * their own, labels and all.
 */
async function scrape(url: string): Promise<Scrape> {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  const text = await response.text();
  const families = [
    ...parsePrometheusTextFormat(text),
    ...parsePrometheusTextFormat(text.replace(/^# TYPE (\S+) histogram$/gm, '# TYPE $1 untyped')).filter(
      (family) => /_(bucket|sum|count)$/.test(family.name),
    ),
  ];
  // Series of one histogram interleave (bucket, sum, count, then the next labels): merge by name.
  const byName: Scrape = new Map();
  for (const family of families) {
    const known = byName.get(family.name);
    if (known) known.metrics.push(...family.metrics);
    else byName.set(family.name, { ...family, metrics: [...family.metrics] });
  }
  return byName;
}

/** One histogram series: its cumulative buckets by `le`, and its count. */
function histogram(metrics: Scrape, name: string, labels: Record<string, string>) {
  const matches = (sample: { labels?: Record<string, string> }) =>
    Object.entries(labels).every(([key, wanted]) => sample.labels?.[key] === wanted);
  const buckets = Object.fromEntries(
    (metrics.get(`${name}_bucket`)?.metrics ?? [])
      .filter(matches)
      .map((sample) => [sample.labels?.le ?? '', Number(sample.value)]),
  );
  return { buckets, count: value(metrics, `${name}_count`, labels) };
}

/** The value of one series (the labels given must match; others are free). */
function value(
  metrics: Map<string, PrometheusFamily>,
  name: string,
  labels: Record<string, string> = {},
): number {
  const family = metrics.get(name);
  if (!family) return Number.NaN;
  const matching = family.metrics.filter((sample) =>
    Object.entries(labels).every(([key, wanted]) => sample.labels?.[key] === wanted),
  );
  return matching.reduce((sum, sample) => sum + Number(sample.value ?? sample.count ?? 0), 0);
}

describe('/metrics, as Prometheus reads it', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;

  beforeAll(async () => {
    app = await startTestApp({ lark: true });
    team = await app.makeTeam();
    await app.makeCustomer({ name: 'Globex', ownerId: team.rep.id });
    const larkRep = await app.makeMember({ platform: 'lark', userId: 'ou_rep', name: 'Lark Rep' });
    await app.makeCustomer({ name: 'Initech', ownerId: larkRep.id });
  });
  afterAll(() => app?.stop());

  it('serves the process and Node defaults and histograms of command latency by command and platform', async () => {
    const before = await scrape(app.service.url);
    expect(before.get('process_cpu_user_seconds_total')?.type).toBe('COUNTER');
    expect(before.get('nodejs_eventloop_lag_seconds')?.type).toBe('GAUGE');
    expect(before.get('accountdesk_command_duration_seconds')?.type).toBe('HISTOGRAM');

    expect((await app.command(team.rep.userId, '/visit', 'Globex met the buyer')).status).toBe(200);
    expect((await app.command(team.rep.userId, '/visit', 'Globex second visit')).status).toBe(200);
    expect((await app.larkSay('ou_rep', '/visit Initech met the CTO')).status).toBe(200);
    await app.settle();

    const after = await scrape(app.service.url);
    const visitLabels = { platform: 'slack', command: '/visit' };
    const slackVisits = histogram(after, 'accountdesk_command_duration_seconds', visitLabels);
    const earlier = histogram(before, 'accountdesk_command_duration_seconds', visitLabels).count;
    expect(slackVisits.count - (Number.isNaN(earlier) ? 0 : earlier)).toBe(2);
    // Cumulative buckets up to +Inf, which holds every observation; 3 s is Slack's limit.
    expect(Object.keys(slackVisits.buckets)).toEqual(expect.arrayContaining(['0.1', '3', '+Inf']));
    expect(slackVisits.buckets['+Inf']).toBe(slackVisits.count);
    expect(
      histogram(after, 'accountdesk_command_duration_seconds', { platform: 'lark', command: 'visit' }).count,
    ).toBe(1);
    expect(
      value(after, 'accountdesk_commands_total', { platform: 'slack', command: '/visit', outcome: 'ok' }),
    ).toBe(2);
    expect(
      value(after, 'accountdesk_commands_total', { platform: 'lark', command: 'visit', outcome: 'ok' }),
    ).toBe(1);
    expect(
      value(after, 'accountdesk_http_requests_total', { path: '/slack/events', status: '200' }),
    ).toBeGreaterThanOrEqual(2);
    // The Lark reply went out through the outbox.
    expect(
      value(after, 'accountdesk_outbox_deliveries_total', { platform: 'lark', outcome: 'sent' }),
    ).toBeGreaterThanOrEqual(1);
    expect(value(after, 'accountdesk_database_up')).toBe(1);
    expect(
      value(after, 'accountdesk_outbox_messages', { platform: 'lark', status: 'sent' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      after
        .get('accountdesk_outbox_oldest_pending_age_seconds')
        ?.metrics.map((s) => s.labels?.platform)
        .sort(),
    ).toEqual(['lark', 'slack']);
  });

  it('counts approvals waiting and how long the oldest has waited', async () => {
    const before = value(await scrape(app.service.url), 'accountdesk_approvals_pending');
    await app.command(team.rep.userId, '/discount', 'Globex 12% reason:leverage they always ask');
    const after = await scrape(app.service.url);
    expect(value(after, 'accountdesk_approvals_pending')).toBe(before + 1);
    expect(value(after, 'accountdesk_approvals_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(0);
    await app.settle();
  });

  it('stamps the request id (Slack trigger_id, Lark event_id) on the outbox rows a command queues', async () => {
    const reply = await app.command(team.rep.userId, '/discount', 'Globex 11% reason:leverage second round', {
      triggerId: 'trigger-request-id-check',
    });
    expect(reply.status).toBe(200);
    const rows = await app.db.select().from(outbox).where(eq(outbox.requestId, 'trigger-request-id-check'));
    // The approval message to the supervisor at least.
    expect(rows.length).toBeGreaterThan(0);
    // Lark's event_id names the reply card queued for a typed command.
    await app.larkSay('ou_rep', '/visit Initech request id check', { eventId: 'ev-request-id-check' });
    const larkRows = await app.db.select().from(outbox).where(eq(outbox.requestId, 'ev-request-id-check'));
    expect(larkRows.map((row) => row.platform)).toEqual(['lark']);
    await app.settle();
  });

  it('names a missing Slack scope in a counter by scope', async () => {
    app.slack.failNext('chat.postMessage', { error: 'missing_scope', needed: 'chat:write' });
    await app.command(team.rep.userId, '/discount', 'Globex 13% reason:leverage third round');
    await app.settle();
    const metrics = await scrape(app.service.url);
    expect(
      value(metrics, 'accountdesk_missing_permission_total', { platform: 'slack', permission: 'chat:write' }),
    ).toBe(1);
    expect(
      value(metrics, 'accountdesk_outbox_deliveries_total', { platform: 'slack', outcome: 'failed' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('names a missing Lark permission in the same counter', async () => {
    app.lark!.failNext('im.message.create', {
      code: 99991672,
      msg: 'Access denied. One of the following scopes is required: [im:message:send_as_bot].',
    });
    await app.larkSay('ou_rep', '/visit Initech follow-up call');
    await app.settle();
    const metrics = await scrape(app.service.url);
    expect(
      value(metrics, 'accountdesk_missing_permission_total', {
        platform: 'lark',
        permission: 'im:message:send_as_bot',
      }),
    ).toBe(1);
  });

  it('keeps serving process and HTTP metrics with the database down, leaving the database gauges out', async () => {
    const down = await startTestApp();
    const rep = (await down.makeTeam()).rep;
    await down.service.outbox.stop();
    await down.service.database.close();
    try {
      expect((await down.command(rep.userId, '/visit', 'Anything during the outage')).status).toBe(200);
      const metrics = await scrape(down.service.url);
      expect(metrics.has('process_resident_memory_bytes')).toBe(true);
      expect(value(metrics, 'accountdesk_database_up')).toBe(0);
      expect(metrics.has('accountdesk_outbox_messages')).toBe(false);
      expect(metrics.has('accountdesk_approvals_pending')).toBe(false);
      // The command was answered "nothing was saved": counted as failed.
      expect(value(metrics, 'accountdesk_commands_total', { command: '/visit', outcome: 'failed' })).toBe(1);
    } finally {
      await down.stop().catch(() => {});
    }
  });

  it('serves /metrics on METRICS_PORT alone when it is set, and not on the public port', async () => {
    const separate = await startTestApp({ env: { METRICS_PORT: '0' } });
    try {
      expect(separate.service.metricsUrl).toBeDefined();
      const metrics = await scrape(separate.service.metricsUrl!);
      expect(metrics.has('accountdesk_http_requests_total')).toBe(true);
      expect((await fetch(`${separate.service.url}/metrics`)).status).toBe(404);
      expect((await fetch(`${separate.service.metricsUrl}/healthz`)).status).toBe(404);
    } finally {
      await separate.stop();
    }
  });
});
