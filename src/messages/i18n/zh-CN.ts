import { awayZhCN } from './away-zh-CN.ts';
import { chainZhCN } from './chain-zh-CN.ts';
import { chartsZhCN } from './charts-zh-CN.ts';
import { counterZhCN } from './counter-zh-CN.ts';
import { dealZhCN } from './deal-zh-CN.ts';
import type { Catalog } from './en.ts';
import { errorsZhCN } from './errors-zh-CN.ts';
import { homeZhCN } from './home-zh-CN.ts';
import { languageZhCN } from './language-zh-CN.ts';
import { leaveZhCN } from './leave-zh-CN.ts';
import { moneyZhCN } from './money-zh-CN.ts';
import { policyHelpZhCN } from './policy-help-zh-CN.ts';
import { prospectZhCN } from './prospect-zh-CN.ts';
import { repReportZhCN } from './rep-report-zh-CN.ts';
import { reassignZhCN, teamZhCN } from './team-zh-CN.ts';
import { visitEditZhCN } from './visit-edit-zh-CN.ts';
import { weeklyZhCN } from './weekly-zh-CN.ts';
import { withdrawZhCN } from './withdraw-zh-CN.ts';
import { zh } from './zh-spacing.ts';

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const zhCN: Catalog = {
  errors: errorsZhCN,
  reasons: {
    competitor: '竞争对手报价更低',
    budget: '预算或支付能力有限',
    value: '客户未认识到价值',
    leverage: '客户为压价而压价',
    understanding: '客户误解了报价',
    volume: '订单量更大',
    strategic: '战略客户',
    other: '其他',
  },
  reasonWords: {
    competitor: '竞争',
    budget: '预算',
    value: '价值',
    leverage: '压价',
    understanding: '误解',
    volume: '批量',
    strategic: '战略',
    other: '其他',
  },
  stages: { plan: '计划', relationship: '关系', agreement: '协议', maintenance: '维护' },
  kinds: { visit: '拜访', call: '电话', meeting: '会议', meal: '宴请', event: '活动', message: '消息' },
  statuses: { prospect: '潜在客户', active: '已成交', dormant: '休眠', lost: '流失' },
  roles: { rep: '客户经理', supervisor: '主管', director: '总监', admin: '管理员' },
  outcomes: {
    approved: '批准',
    rejected: '驳回',
    auto_approved: '自动批准',
    withdrawn: '撤回',
    superseded: '已被新申请取代',
    declined: '还价被拒，已关闭',
    countered: '已还价',
    pending: '待审批',
  },
  visit: {
    stored: (p: { customer: Text; kind: Text; date: Text; next: Text }) =>
      zh`已记录对${p.customer}的${p.kind}（${p.date}）。下次跟进：${p.next}。`,
    storedStage: (p: { stage: Text }) => zh`阶段：${p.stage}。`,
    overlongHint: (p: { length: Text }) =>
      zh`你的内容有${p.length}个字符，超过此处的上限：这里是开头部分，完整内容已发消息给你，可复制使用。`,
    overlongCopy: (p: { length: Text }) => zh`你的 /visit 完整内容（${p.length}个字符），已为你保留：`,
    nextOffDay: (p: { next: Text }) => zh`${p.next}不是团队的工作日，已按你填写的日期保留。`,
    summary: '内容',
    nextStep: '下一步',
    replay: '已记录过——这与之前是同一次拜访。',
  },
  discount: {
    autoApproved: (p: { customer: Text; percent: Text; limit: Text; manager: Text }) =>
      zh`已自动批准：${p.customer}的${p.percent}% 折扣在你可自主给予的${p.limit}% 以内。已记录并报告给${p.manager}。`,
    autoApprovedNoManager: (p: { customer: Text; percent: Text; limit: Text }) =>
      zh`已自动批准：${p.customer}的${p.percent}% 折扣在你可自主给予的${p.limit}% 以内。已记录。`,
    sent: (p: { id: Text; customer: Text; percent: Text; approver: Text }) =>
      zh`折扣申请 #${p.id}（${p.customer}，${p.percent}%）已提交给${p.approver}审批。`,
    sentTwoStep: (p: { second: Text; limit: Text }) =>
      zh`随后还需${p.second}审批（超过${p.limit}% 需要两级审批）。`,
    askReason: (p: { customer: Text; percent: Text }) =>
      zh`${p.customer}为什么要求${p.percent}% 的折扣？请选择真实原因：`,
    autoReport: (p: { rep: Text; customer: Text; percent: Text; limit: Text }) =>
      zh`知悉：${p.rep}给予${p.customer} ${p.percent}% 折扣（在${p.limit}% 以内，自动批准）。`,
    waitingLink: (p: { id: Text; customer: Text; percent: Text; approver: Text }) =>
      zh`你的申请 #${p.id}（${p.customer}，${p.percent}%）正在等待${p.approver}审批。`,
    openApproval: '查看审批消息',
    replay: '已提交过——这与之前是同一个申请。',
  },
  chain: chainZhCN,
  deal: dealZhCN,
  money: moneyZhCN,
  withdraw: withdrawZhCN,
  weekly: weeklyZhCN,
  charts: chartsZhCN,
  counter: counterZhCN,
  leave: leaveZhCN,
  home: homeZhCN,
  language: languageZhCN,
  policyHelp: policyHelpZhCN,
  repReport: repReportZhCN,
  prospect: prospectZhCN,
  visitEdit: visitEditZhCN,
  away: awayZhCN,
  team: teamZhCN,
  reassign: reassignZhCN,
  approval: {
    header: (p: { id: Text; customer: Text; percent: Text }) =>
      zh`折扣申请 #${p.id}：${p.customer} ${p.percent}%`,
    intro: (p: { rep: Text; step: Text }) => zh`${p.rep}请你审批${p.step}。`,
    stepOf: (p: { step: Text; steps: Text }) => zh`（第${p.step}步，共${p.steps}步）`,
    customer: '客户',
    tier: '级别',
    amount: '成交金额',
    requested: '申请折扣',
    resulting: '折后价格',
    reason: '原因',
    justification: '理由',
    recent: '该客户近期折扣',
    noRecent: '近 12 个月没有折扣。',
    notTheCure: '这种原因通常不是降价能解决的：建议先澄清价值或报价。',
    approve: '批准',
    reject: '驳回',
    decided: (p: { by: Text; at: Text; outcome: Text }) => zh`${p.by}于${p.at} ${p.outcome}`,
    threadOutcome: (p: { by: Text; outcome: Text }) => zh`${p.by} ${p.outcome}了此申请。`,
    threadNote: (p: { note: Text }) => zh`备注：${p.note}`,
    nextStep: (p: { approver: Text }) => zh`第 1 步已批准，现转给${p.approver}。`,
    repApproved: (p: { id: Text; customer: Text; percent: Text; by: Text }) =>
      zh`你的折扣申请 #${p.id}（${p.customer}，${p.percent}%）已由${p.by}批准。`,
    repRejected: (p: { id: Text; customer: Text; percent: Text; by: Text }) =>
      zh`你的折扣申请 #${p.id}（${p.customer}，${p.percent}%）已被${p.by}驳回。`,
    repForwarded: (p: { id: Text; customer: Text; percent: Text; by: Text; next: Text }) =>
      zh`你的折扣申请 #${p.id}（${p.customer}，${p.percent}%）已由${p.by}批准，现在等待${p.next}审批。`,
    pendingNone: '没有等待你审批的申请。',
    pendingHeader: (p: { count: Text }) => zh`有${p.count}个申请等待你审批`,
    waitingSince: (p: { since: Text }) => zh`提交于${p.since}`,
    rejectTitle: '驳回申请',
    approveTitle: '批准申请',
    approveWithNote: '批准并附言……',
    rejectSubmit: '驳回',
    noteLabel: '给客户经理的备注',
    notePlaceholder: '为什么不行，或怎样才可以接受',
    cancel: '取消',
    recentLine: (p: { date: Text; percent: Text; outcome: Text }) =>
      zh`${p.date}：${p.percent}%（${p.outcome}）`,
  },
  customer: {
    pick: (p: { query: Text }) => zh`有多个客户与“${p.query}”匹配，是哪一个？`,
    card: (p: { name: Text }) => `${p.name}`,
    tier: '级别',
    status: '状态',
    owner: '负责人',
    stage: '阶段',
    lastVisit: '上次拜访',
    nextFollowUp: '下次跟进',
    never: '从未',
    none: '—',
    recentVisits: '近期拜访',
    noVisits: '还没有拜访记录。',
    contacts: '关键联系人',
    noContacts: '还没有关键联系人。',
    contactLine: (p: { name: Text; title: Text; birthday: Text; phone: Text }) =>
      `${p.name}${p.title}${p.birthday}${p.phone}`,
    birthday: (p: { date: Text }) => zh` · 生日${p.date}`,
    discounts: '近12个月的折扣',
    noDiscounts: '近12个月没有折扣。',
    discountLine: (p: { date: Text; percent: Text; amount: Text; outcome: Text }) =>
      zh`${p.date}：${p.percent}%${p.amount}，${p.outcome}`,
    decidedBy: (p: { by: Text; outcome: Text }) => zh`由${p.by}${p.outcome}`,
    automatic: (p: { outcome: Text }) => zh`系统${p.outcome}`,
    waitingFor: (p: { approver: Text; id: Text }) => zh`等待${p.approver}审批（#${p.id}）`,
    visitLine: (p: { date: Text; kind: Text; by: Text; summary: Text }) =>
      zh`${p.date} · ${p.kind} · ${p.by}：${p.summary}`,
    more: (p: { count: Text }) => zh`……还有${p.count}条。`,
  },
  modal: {
    visitTitle: '记录拜访',
    discountTitle: '申请折扣',
    submit: '保存',
    send: '提交',
    cancel: '取消',
    customer: '客户',
    customerPlaceholder: '输入以搜索你的客户',
    choose: '请选择',
    kind: '方式',
    stage: '客户阶段',
    summary: '内容',
    nextStep: '下一步',
    nextFollowUp: '下次跟进',
    nextFollowUpHint: '留空则按客户级别的跟进周期计算。',
    percent: '折扣（%）',
    amount: '成交金额',
    reason: '客户为什么要求降价？',
    justification: '理由',
    optional: '可选',
  },
  followups: {
    header: (p: { name: Text; date: Text }) => zh`${p.name}的跟进提醒——${p.date}`,
    dueToday: (p: { count: Text }) => zh`今天到期（${p.count}）`,
    overdue: (p: { count: Text }) => zh`已逾期（${p.count}）`,
    dueLine: (p: { customer: Text; tier: Text }) => zh`${p.customer}（${p.tier}级）`,
    overdueLine: (p: { customer: Text; tier: Text; days: Text }) =>
      zh`${p.customer}（${p.tier}级）—— 逾期${p.days}天`,
    neverVisited: '从未拜访',
    lastVisit: (p: { date: Text; summary: Text }) => zh`上次拜访${p.date}：${p.summary}`,
    promised: (p: { step: Text }) => zh`承诺的下一步：${p.step}`,
    logVisit: '记录拜访',
    snooze: '推迟',
    done: '完成',
    birthdays: '生日提醒',
    birthdayToday: (p: { customer: Text; contact: Text; title: Text }) =>
      zh`🎂 ${p.customer}的${p.contact}${p.title}今天生日`,
    birthdayTomorrow: (p: { customer: Text; contact: Text; title: Text; date: Text }) =>
      zh`🎂 ${p.customer}的${p.contact}${p.title} ${p.date}生日`,
    pending: '你等待审批的折扣申请',
    pendingLine: (p: { id: Text; customer: Text; percent: Text; approver: Text; age: Text }) =>
      zh`#${p.id} ${p.customer} ${p.percent}%—— 在${p.approver}处已等待${p.age}`,
    allClear: (p: { name: Text }) => zh`${p.name}，今天没有到期的跟进。👍`,
    more: (p: { count: Text }) => zh`……还有${p.count}个（见 /followups）。`,
    snoozed: (p: { customer: Text; date: Text }) => zh`已将${p.customer}推迟到${p.date}。`,
    markedDone: (p: { customer: Text; date: Text }) => zh`${p.customer}已完成，下次跟进${p.date}。`,
  },
  reminders: {
    remind: (p: { approver: Text; hours: Text }) =>
      zh`⏰ ${p.approver}，此申请已等待你审批${p.hours}个工作小时。`,
    escalated: (p: { manager: Text; approver: Text; hours: Text }) =>
      zh`已升级给${p.manager}：${p.approver} ${p.hours}个工作小时未审批，${p.manager}可代为审批。`,
    escalatedIntro: (p: { approver: Text; hours: Text }) =>
      zh`已升级给你：${p.approver} ${p.hours}个工作小时未审批，你可以代为审批。`,
    repEscalated: (p: { id: Text; customer: Text; manager: Text }) =>
      zh`你的申请 #${p.id}（${p.customer}）等待过久，已升级给${p.manager}。`,
  },
  age: {
    minutes: (p: { n: Text }) => zh`${p.n}分钟`,
    hours: (p: { n: Text }) => zh`${p.n}小时`,
    days: (p: { n: Text }) => zh`${p.n}天`,
  },
  help: () =>
    [
      'AccountDesk 命令：',
      '• /visit <客户> <内容…> [next:YYYY-MM-DD|+7d] [stage:计划|关系|协议|维护] [kind:拜访|电话|会议|饭局|活动|消息]—— 记录拜访（不带参数则打开表单；/visit 修改 列出最近24小时的拜访，可修改或撤销）',
      '• /discount <客户> <N>% [金额 <金额>] [deal:<商机>] [reason:<原因>] <理由…>—— 申请降价（不带参数则打开表单；/discount 撤回 撤回申请）',
      '• /customer <名称>—— 客户卡片',
      '• /customer 新增 <名称> [tier:A|B|C|D]—— 新增你的潜在客户（默认 D 级）',
      '• /approvals—— 等待你审批的申请',
      '• /followups—— 今天到期和已逾期的跟进、生日提醒',
      '• /home 或 主页—— 你的主页：今天的跟进、你的申请、审批和团队（Slack 中请打开主页标签）',
      '• /report [本周|本月|上月]—— 本人报告（拜访、申请、待跟进）；主管看团队报告：拜访、未拜访的成员、待审批、停滞客户、折扣',
      '• /accountdesk 请假 YYYY-MM-DD [@代理人]—— 离开到该日：期间你的审批转给代理人（不指定则转给你的上级）',
      '• /accountdesk 回岗—— 提前回岗：新的审批重新交给你',
      '• 名称含空格时可加引号：/visit "Acme Labs" 演示很顺利',
    ].join('\n'),
  notYetAvailable: (p: { command: Text }) => zh`${p.command}即将推出。`,
  dateTime: (p: { date: Text; time: Text }) => `${p.date} ${p.time}`,
};
