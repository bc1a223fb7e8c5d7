/** Adding a prospect from chat (README, "Commands": `/customer add`). */

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const prospectErrorsEn = {
  tier_unknown: (p: { tier: Text }) => `Unknown tier “${p.tier}”: use tier:A, tier:B, tier:C or tier:D.`,
  prospect_name_missing: () =>
    'Which customer? Type its name after add, e.g. `/customer add Acme Ltd tier:B`.',
  prospect_name_too_long: (p: { max: Text }) => `That name is too long: at most ${p.max} characters.`,
  prospect_exists: (p: { name: Text }) => `“${p.name}” already exists, so nothing was added.`,
  prospect_exists_elsewhere: () =>
    'A customer with that name exists — ask your supervisor. Nothing was added.',
};

export const prospectEn = {
  created: (p: { name: Text; tier: Text; due: Text }) =>
    `Added “${p.name}” as your prospect, tier ${p.tier}: first follow-up on ${p.due}.`,
  near: (p: { name: Text }) =>
    `Customers with a name close to “${p.name}” already exist. Is it one of these?`,
  nearLine: (p: { name: Text; tier: Text; status: Text; owner: Text }) =>
    `${p.name} (${p.tier}, ${p.status}) — ${p.owner}`,
  elsewhere: 'A customer with that name exists — ask your supervisor.',
  useThis: 'Use this one',
  createAnyway: (p: { name: Text }) => `Create “${p.name}” anyway`,
  addButton: 'Add as a prospect',
  addHint: (p: { name: Text }) => `Not a customer yet? Add “${p.name}” as your prospect.`,
  addHintBlank: 'A new customer? Add it as your prospect.',
  formTitle: 'Add a prospect',
  formSubmit: 'Add',
  nameLabel: 'Customer name',
  namePlaceholder: 'Shanghai Minghui Trading Co., Ltd.',
  tierLabel: 'Tier',
  tierHint: 'D unless you know better: the tier sets how often you follow up.',
  digestTitle: (p: { count: Text }) => `New prospects (${p.count})`,
  digestLine: (p: { rep: Text; customers: Text }) => `${p.rep}: ${p.customers}`,
  digestMore: (p: { count: Text }) => `…and ${p.count} more.`,
};
