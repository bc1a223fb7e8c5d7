/** The team the digest bench builds, at two sizes, and the instant it composes the morning messages for. */

export type Scale = 'full' | 'small';

export type Shape = {
  scale: Scale;
  directors: number;
  supervisorsPerDirector: number;
  repsPerSupervisor: number;
  customersPerRep: number;
  visitsPerRep: number;
  /** One contact per customer, each with a birthday somewhere in the year. */
  contactsPerCustomer: 1;
  discountRequestsPerRep: number;
};

/**
 * The figures: 5,000 reps under 500 supervisors (under 10 directors), 500,000 customers,
 * 5,000,000 visits. `small` keeps every member and divides the data by ten: the statement count
 * must not move between the two.
 */
export const SHAPES: Record<Scale, Shape> = {
  full: {
    scale: 'full',
    directors: 10,
    supervisorsPerDirector: 50,
    repsPerSupervisor: 10,
    customersPerRep: 100,
    visitsPerRep: 1000,
    contactsPerCustomer: 1,
    discountRequestsPerRep: 10,
  },
  small: {
    scale: 'small',
    directors: 10,
    supervisorsPerDirector: 50,
    repsPerSupervisor: 10,
    customersPerRep: 10,
    visitsPerRep: 100,
    contactsPerCustomer: 1,
    discountRequestsPerRep: 1,
  },
};

export function counts(shape: Shape) {
  const supervisors = shape.directors * shape.supervisorsPerDirector;
  const reps = supervisors * shape.repsPerSupervisor;
  const customers = reps * shape.customersPerRep;
  return {
    directors: shape.directors,
    supervisors,
    reps,
    members: shape.directors + supervisors + reps,
    customers,
    contacts: customers * shape.contactsPerCustomer,
    visits: reps * shape.visitsPerRep,
    discountRequests: reps * shape.discountRequestsPerRep,
  };
}

/**
 * The bench day is a Wednesday, and the pass runs at 14:00 UTC: 09:00 in New York (EST), 15:00 in
 * Berlin (CET), 22:00 in Shanghai. Every member, whatever their zone, is past 08:30 on the same
 * working day, so one pass owes each of them that day's message. Fixed, so runs are comparable.
 */
export const BENCH_DAY = '2025-11-19';
export const BENCH_AT = new Date(`${BENCH_DAY}T14:00:00Z`);
export const DIGEST_TIME = '08:30';
export const ZONES = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York'] as const;
/** Visits span the 18 months before the bench day. */
export const HISTORY_DAYS = 548;
/** Reps with `rep index % SILENT_EVERY === 7` have no visit in the last week (the team digest's "silent" list). */
export const SILENT_EVERY = 25;

export const DB_PREFIX = 'accountdesk_bench_digest_';
