/**
 * A member's home (README, "Home"): their day, their requests and week; approvals and the team's
 * week for supervisors and directors; the installation's state for admins. Slack shows it in the
 * Home tab, Lark as a card. Rebuilt from the database each time it is shown.
 */
import type { Locale } from '../../config.ts';
import { localDate } from '../../domain/dates.ts';
import { catalog, formatDateTime } from '../../messages/i18n/index.ts';
import type { Block, Button, Message } from '../../messages/model.ts';
import type { Actor, AppDeps } from '../context.ts';
import { findMember, type Member } from '../members/members.ts';
import { calendarOf, loadSettings } from '../members/team-settings.ts';
import { notMemberMessage } from '../replies.ts';
import {
  adminSection,
  approvalsSection,
  daySection,
  type HomeSection,
  requestsSection,
  teamSection,
  weekSection,
} from './home-sections.ts';

/** Slack's limit for a Home tab view (block-kit reference, "Views"). */
export const MAX_HOME_BLOCKS = 100;
/** Each part gets at most this many blocks; the rest is one "and more" line naming the command. */
const SECTION_BLOCKS: Record<'day' | 'requests' | 'approvals' | 'team', number> = {
  day: 30,
  requests: 14,
  approvals: 18,
  team: 20,
};

/** Each language named in itself, so a reader who cannot read the current one still finds theirs. */
const LANGUAGE_LABELS: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

function languageButtons(member: Member): Button[] {
  const chosen = member.chosenLocale;
  const button = (value: string, label: string): Button => ({
    actionId: 'language.choose',
    label: chosen === value || (value === 'auto' && !chosen) ? `✓ ${label}` : label,
    value,
  });
  return [
    button('en', LANGUAGE_LABELS.en),
    button('zh-CN', LANGUAGE_LABELS['zh-CN']),
    button('auto', catalog(member.lang).home.languageAuto),
  ];
}

/** Cuts a long part at a line's end (never between a line and its buttons) and says where the rest is. */
function capped(member: Member, section: HomeSection, max: number): Block[] {
  if (section.blocks.length <= max) return section.blocks;
  let end = max - 1;
  while (end > 0 && section.blocks[end]?.type === 'actions') end--;
  const more = catalog(member.lang).home.more({ command: section.command });
  return [...section.blocks.slice(0, end), { type: 'context', text: more }];
}

export async function homeScreenOf(deps: AppDeps, member: Member): Promise<Message> {
  const h = catalog(member.lang).home;
  const settings = await loadSettings(deps.db);
  const calendar = calendarOf(settings);
  const now = deps.clock.now();
  const today = localDate(now, member.zone);
  const leads = member.role !== 'rep';
  const [day, requests, week, approvals, team, admin] = await Promise.all([
    daySection(deps, member, today, calendar),
    requestsSection(deps, member),
    weekSection(deps, member, today),
    leads ? approvalsSection(deps, member) : undefined,
    leads ? teamSection(deps, member, today, settings, calendar) : undefined,
    member.role === 'admin' ? adminSection(deps, member) : undefined,
  ]);
  const title = h.title({ name: member.name });
  const blocks: Block[] = [
    { type: 'header', text: title },
    { type: 'context', text: h.updated({ at: formatDateTime(now, member.zone) }) },
    { type: 'actions', buttons: languageButtons(member) },
  ];
  const nothing = day.empty && requests.empty && week.empty && !leads;
  if (nothing) {
    blocks.push({ type: 'divider' }, { type: 'text', text: h.empty });
    return { text: title, blocks };
  }
  const add = (section: HomeSection | undefined, max: number) => {
    if (!section) return;
    blocks.push({ type: 'divider' });
    if (section.title) blocks.push({ type: 'header', text: section.title });
    blocks.push(...capped(member, section, max));
  };
  if (approvals) add(approvals, SECTION_BLOCKS.approvals);
  add(day, SECTION_BLOCKS.day);
  blocks.push(...week.blocks);
  add(requests, SECTION_BLOCKS.requests);
  add(team, SECTION_BLOCKS.team);
  add(admin, 4);
  return { text: title, blocks: blocks.slice(0, MAX_HOME_BLOCKS) };
}

/** The home of whoever opened it; someone AccountDesk does not know is told how to join. */
export async function homeScreen(deps: AppDeps, actor: Actor): Promise<Message> {
  const member = await findMember(deps, actor);
  if (!member) return await notMemberMessage(deps, actor);
  return homeScreenOf(deps, member);
}
