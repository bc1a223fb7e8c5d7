import { weeklyCharts } from '../../charts/weekly-charts.ts';
import { catalog } from '../../messages/i18n/index.ts';
import type { Block, Message } from '../../messages/model.ts';
import type { WeeklyReport } from './weekly-figures.ts';

/**
 * The weekly report (README, "Weekly report"): a short text of totals, the change against the week
 * before, the most visited customers and the reps without a visit, with the two charts as images.
 */
export async function weeklyReportMessage(report: WeeklyReport): Promise<Message> {
  const { reader, figures, totals, previous } = report;
  const t = catalog(reader.lang).weekly;
  const change = (now: number, before: number) => {
    const delta = now - before;
    // A true minus sign: "−2" reads as a number, "-2" as a hyphen.
    return delta === 0 ? t.same : t.change({ delta: delta > 0 ? `+${delta}` : `−${-delta}` });
  };
  const lines = [
    t.visits({ count: totals.visits, change: change(totals.visits, previous.visits) }),
    t.discounts({
      requested: totals.requested,
      granted: totals.granted,
      change: change(totals.requested, previous.requested),
    }),
  ];
  if (report.topCustomers.length > 0)
    lines.push(
      t.topCustomers({
        customers: report.topCustomers
          .map((c) => t.topCustomer({ customer: c.name, count: c.visits }))
          .join(t.separator),
      }),
    );
  if (figures.reps.length === 0) lines.push(t.noReps);
  else if (report.silentReps.length > 0) lines.push(t.silent({ reps: report.silentReps.join(t.separator) }));
  else lines.push(t.noneSilent);
  const header = t.header({ name: reader.name, from: figures.weekStart, to: figures.weekEnd });
  const blocks: Block[] = [
    { type: 'header', text: header },
    { type: 'text', text: lines.join('\n') },
    { type: 'context', text: t.charts },
  ];
  return {
    text: [header, ...lines].join('\n'),
    blocks,
    images: await weeklyCharts(figures, reader.lang),
  };
}
