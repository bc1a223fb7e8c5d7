import type { SlackUser } from './payloads.ts';

/** Someone the page lets you be: a member of the workspace, as Slack knows them. */
export type Person = {
  id: string;
  name: string;
  handle: string;
  role: string;
  locale: string;
  zone: string;
};

/**
 * Who is in the emulated workspace. The emulator does not know where people come from: whoever starts it
 * supplies the directory (the sandbox's demo reads the team's members from the product's database).
 */
export type People = {
  /** Reads the directory afresh and tells the emulator each person's profile for `users.info`. */
  refresh(): Promise<Person[]>;
  list(): Person[];
  user(id: string): SlackUser | undefined;
  /** Whoever has this Slack handle (as typed after `@`, lower-case). */
  byHandle(handle: string): SlackUser | undefined;
};
