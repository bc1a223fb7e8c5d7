/**
 * `accountdesk calendar import`: a year's holidays and make-up working days (调休) from a CSV or
 * ICS file replace that year in the team settings; other years stay; a bad file changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliWorkspace, openCliWorkspace } from '../support/cli-workspace.ts';

const NOW = new Date('2026-12-06T02:00:00Z');

let cli: CliWorkspace;
beforeAll(async () => {
  cli = await openCliWorkspace('calendar', () => NOW);
}, 60_000);
afterAll(() => cli?.close());

const settings = async () => JSON.parse((await cli.run(['settings'])).stdout) as Record<string, string[]>;

describe('calendar import', () => {
  it('replaces the year the file is about and keeps the others', async () => {
    await cli.run(['settings', 'set', 'holidays', '2026-12-25,2027-01-01,2027-05-03']);
    const first = await cli.file(
      'cn-2027.csv',
      'date,type,name\n2027-01-01,holiday,元旦\n2027-02-06,休,春节\n2027-01-31,班,春节补班\n',
    );
    expect(await cli.run(['calendar', 'import', first])).toEqual({
      code: 0,
      stdout: 'Imported the calendar of 2027: 2 holidays, 1 make-up working day (replacing what 2027 had).\n',
      stderr: '',
    });
    let team = await settings();
    // 2027-05-03 was set by hand for 2027: the file now speaks for 2027, so it is gone; 2026 stays.
    expect(team.holidays).toEqual(['2026-12-25', '2027-01-01', '2027-02-06']);
    expect(team.extraWorkingDays).toEqual(['2027-01-31']);

    const listed = await cli.run(['calendar', '2027']);
    expect(listed.stdout).toBe(
      'Holidays in 2027 (2): 2027-01-01, 2027-02-06\nMake-up working days in 2027 (1): 2027-01-31\n',
    );

    const ics = await cli.file(
      'cn-2027.ics',
      'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20271001\nDTEND;VALUE=DATE:20271004\nSUMMARY:国庆节\nEND:VEVENT\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270926\nSUMMARY:国庆补班\nEND:VEVENT\nEND:VCALENDAR\n',
    );
    expect((await cli.run(['calendar', 'import', ics])).code).toBe(0);
    team = await settings();
    expect(team.holidays).toEqual(['2026-12-25', '2027-10-01', '2027-10-02', '2027-10-03']);
    expect(team.extraWorkingDays).toEqual(['2027-09-26']);
  }, 60_000);

  it('adds a holiday spilling over from the year before without replacing that year', async () => {
    await cli.run(['settings', 'set', 'holidays', '2026-12-25,2027-10-01']);
    const newYear = await cli.file(
      'cn-2028.csv',
      'date,type,name\n2027-12-31,holiday,元旦\n2028-01-01,holiday,元旦\n2028-01-02,holiday,元旦\n',
    );
    expect((await cli.run(['calendar', 'import', newYear])).stdout).toBe(
      'Imported the calendar of 2028: 3 holidays, 0 make-up working days (replacing what 2028 had).\n',
    );
    expect((await settings()).holidays).toEqual([
      '2026-12-25',
      '2027-10-01',
      '2027-12-31',
      '2028-01-01',
      '2028-01-02',
    ]);
  }, 60_000);

  it('refuses a contradictory or unreadable file and changes nothing', async () => {
    const before = await settings();
    const clash = await cli.file('clash.csv', 'date,type\n2027-03-01,holiday\n2027-03-01,workday\n');
    expect(await cli.run(['calendar', 'import', clash])).toEqual({
      code: 1,
      stdout: '',
      stderr: `${clash}: line 3: 2027-03-01 is listed both as a holiday and as a working day\nNothing was imported.\n`,
    });
    const missing = await cli.run(['calendar', 'import', `${cli.dir}/nope.ics`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no such file');
    expect((await cli.run(['calendar', 'next-year'])).code).toBe(2);
    expect(await settings()).toEqual(before);
  }, 60_000);
});
