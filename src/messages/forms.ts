import type { Locale } from '../config.ts';
import { MAX_CUSTOMER_NAME } from '../domain/customer-add.ts';
import { DISCOUNT_REASONS, PRAM_STAGES, TIERS, VISIT_KINDS } from '../domain/vocabulary.ts';
import { catalog } from './i18n/index.ts';

/** Neutral forms: Slack renders them as modals, Lark as form cards. Field ids are what submissions carry. */
export type FormField = {
  id: string;
  label: string;
  kind: 'customer' | 'select' | 'text' | 'multiline' | 'date';
  optional?: boolean;
  options?: { value: string; label: string }[];
  initial?: string;
  hint?: string;
  placeholder?: string;
  maxLength?: number;
};

export const FORM_IDS = [
  'visit_form',
  'discount_form',
  'reject_form',
  'approve_form',
  'withdraw_form',
  'counter_form',
  'prospect_form',
  'visit_edit_form',
] as const;
export type FormId = (typeof FORM_IDS)[number];

export type Form = {
  id: FormId;
  title: string;
  submit: string;
  cancel: string;
  fields: FormField[];
  metadata?: string;
};

/** A logged visit as the edit form shows it: the same fields, filled in. */
export type VisitFormValues = {
  visitId: number;
  kind: string;
  stage: string | null;
  summary: string;
  nextStep: string | null;
  next: string;
};

/** What a `/visit` too long for a message brings into the form (README, "Reps"). */
export type VisitPrefill = {
  kind?: string;
  stage?: string | null;
  summary?: string;
  next?: string;
  /** Said under the summary: how much was typed, and where the rest is. */
  summaryHint?: string;
};

/**
 * The visit form; with `editing` it is the same form filled in with a logged visit, whose id
 * travels as metadata (README, "Correcting a visit"). The customer field moves the visit.
 */
export function visitForm(
  locale: Locale,
  customer?: { id: number; name: string },
  editing?: VisitFormValues,
  prefill?: VisitPrefill,
): Form {
  const c = catalog(locale);
  const t = c.modal;
  const filled = (value: string | null | undefined) => (value ? { initial: value } : {});
  const given = { ...prefill, ...editing };
  return {
    id: editing ? 'visit_edit_form' : 'visit_form',
    title: editing ? c.visitEdit.formTitle : t.visitTitle,
    submit: editing ? c.visitEdit.save : t.submit,
    cancel: t.cancel,
    ...(editing ? { metadata: String(editing.visitId) } : {}),
    fields: [
      {
        id: 'customer',
        label: t.customer,
        kind: 'customer',
        placeholder: t.customerPlaceholder,
        ...(customer
          ? { initial: String(customer.id), options: [{ value: String(customer.id), label: customer.name }] }
          : {}),
      },
      {
        id: 'kind',
        label: t.kind,
        kind: 'select',
        placeholder: catalog(locale).modal.choose,
        initial: given.kind ?? 'visit',
        options: VISIT_KINDS.map((kind) => ({ value: kind, label: c.kinds[kind] })),
      },
      {
        id: 'stage',
        label: t.stage,
        kind: 'select',
        placeholder: catalog(locale).modal.choose,
        optional: true,
        ...filled(given.stage),
        options: PRAM_STAGES.map((stage) => ({ value: stage, label: c.stages[stage] })),
      },
      {
        id: 'summary',
        label: t.summary,
        kind: 'multiline',
        maxLength: 3000,
        ...filled(given.summary),
        ...(prefill?.summaryHint ? { hint: prefill.summaryHint } : {}),
      },
      {
        id: 'next_step',
        label: t.nextStep,
        kind: 'text',
        optional: true,
        maxLength: 500,
        ...filled(given.nextStep),
      },
      {
        id: 'next',
        label: t.nextFollowUp,
        kind: 'date',
        optional: true,
        hint: t.nextFollowUpHint,
        ...filled(given.next),
      },
    ],
  };
}

export function discountForm(locale: Locale): Form {
  const c = catalog(locale);
  const t = c.modal;
  return {
    id: 'discount_form',
    title: t.discountTitle,
    submit: t.send,
    cancel: t.cancel,
    fields: [
      { id: 'customer', label: t.customer, kind: 'customer', placeholder: t.customerPlaceholder },
      { id: 'percent', label: t.percent, kind: 'text', placeholder: '10', maxLength: 8 },
      { id: 'amount', label: t.amount, kind: 'text', optional: true, placeholder: '120000', maxLength: 30 },
      {
        id: 'deal',
        label: c.deal.label,
        kind: 'text',
        optional: true,
        placeholder: 'Q-2026-114',
        maxLength: 60,
      },
      {
        id: 'reason',
        label: t.reason,
        kind: 'select',
        placeholder: catalog(locale).modal.choose,
        options: DISCOUNT_REASONS.map((reason) => ({ value: reason, label: c.reasons[reason] })),
      },
      { id: 'justification', label: t.justification, kind: 'multiline', maxLength: 3000 },
    ],
  };
}

/** The note that goes with a decision: asked before rejecting, or on request before approving. */
export function decisionForm(
  locale: Locale,
  requestId: number,
  stepNo: number,
  decision: 'approved' | 'rejected',
): Form {
  const t = catalog(locale).approval;
  return {
    id: decision === 'approved' ? 'approve_form' : 'reject_form',
    title: decision === 'approved' ? t.approveTitle : t.rejectTitle,
    submit: decision === 'approved' ? t.approve : t.rejectSubmit,
    cancel: t.cancel,
    metadata: `${requestId}:${stepNo}`,
    fields: [
      {
        id: 'note',
        label: t.noteLabel,
        kind: 'multiline',
        optional: true,
        placeholder: t.notePlaceholder,
        maxLength: 2000,
      },
    ],
  };
}

/** The requester takes a request back; the reason is optional and shown to the approvers. */
export function withdrawForm(locale: Locale, requestId: number): Form {
  const t = catalog(locale).withdraw;
  return {
    id: 'withdraw_form',
    title: t.formTitle,
    submit: t.submit,
    cancel: catalog(locale).approval.cancel,
    metadata: String(requestId),
    fields: [
      {
        id: 'note',
        label: t.reasonLabel,
        kind: 'multiline',
        optional: true,
        placeholder: t.reasonPlaceholder,
        maxLength: 2000,
      },
    ],
  };
}

/**
 * The approver's counter-offer: a smaller percent (required) and a note for the rep. `initial`
 * refills the form when Lark sends it again with an error under a field.
 */
export function counterForm(
  locale: Locale,
  request: { id: number; stepNo: number; percent: number },
  initial: { percent?: string; note?: string } = {},
): Form {
  const t = catalog(locale).counter;
  return {
    id: 'counter_form',
    title: t.formTitle,
    submit: t.submit,
    cancel: catalog(locale).approval.cancel,
    metadata: `${request.id}:${request.stepNo}`,
    fields: [
      {
        id: 'percent',
        label: t.percentLabel,
        kind: 'text',
        placeholder: String(Math.max(1, Math.floor(request.percent * 0.75))),
        hint: t.percentHint({ requested: request.percent }),
        maxLength: 8,
        ...(initial.percent ? { initial: initial.percent } : {}),
      },
      {
        id: 'note',
        label: t.noteLabel,
        kind: 'multiline',
        optional: true,
        placeholder: t.notePlaceholder,
        maxLength: 2000,
        ...(initial.note ? { initial: initial.note } : {}),
      },
    ],
  };
}

/** A prospect of one's own (README, `/customer add`): the name as typed where it was missing, tier D. */
export function prospectForm(locale: Locale, initial: { name?: string; tier?: string } = {}): Form {
  const t = catalog(locale).prospect;
  return {
    id: 'prospect_form',
    title: t.formTitle,
    submit: t.formSubmit,
    cancel: catalog(locale).modal.cancel,
    fields: [
      {
        id: 'name',
        label: t.nameLabel,
        kind: 'text',
        placeholder: t.namePlaceholder,
        maxLength: MAX_CUSTOMER_NAME,
        ...(initial.name ? { initial: initial.name } : {}),
      },
      {
        id: 'tier',
        label: t.tierLabel,
        kind: 'select',
        placeholder: catalog(locale).modal.choose,
        initial: initial.tier ?? 'D',
        hint: t.tierHint,
        options: TIERS.map((tier) => ({ value: tier, label: tier })),
      },
    ],
  };
}

/** Submitted values by field id; empty inputs are absent. */
export type FormValues = Record<string, string | undefined>;
