import { readFileSync } from 'node:fs';

export type SlashCommandInfo = {
  command: string;
  description: string;
  usageHint: string;
  /** `should_escape`: Slack sends mentions as `<@U…|handle>` and `&<>` as entities. */
  shouldEscape: boolean;
};

const MANIFEST = new URL('../../../manifest/slack.yaml', import.meta.url);

const unquote = (value: string) => value.trim().replace(/^"(.*)"$/, '$1');

/**
 * The slash commands the app declares in its Slack manifest: the sandbox accepts exactly these, as a
 * workspace with the app installed would, and offers them as the composer's suggestions. Read with
 * a line scanner because the manifest's `slash_commands` list is flat and no YAML library is needed.
 */
export function manifestCommands(manifest: string = readFileSync(MANIFEST, 'utf8')): SlashCommandInfo[] {
  const commands: SlashCommandInfo[] = [];
  let current: SlashCommandInfo | undefined;
  for (const line of manifest.split('\n')) {
    const start = /^\s*-\s*command:\s*(\/\S+)/.exec(line);
    if (start) {
      current = { command: start[1]!, description: '', usageHint: '', shouldEscape: false };
      commands.push(current);
      continue;
    }
    if (!current) continue;
    const field = /^\s+(description|usage_hint|should_escape):\s*(.*)$/.exec(line);
    if (field?.[1] === 'description') current.description = unquote(field[2] ?? '');
    else if (field?.[1] === 'usage_hint') current.usageHint = unquote(field[2] ?? '');
    else if (field?.[1] === 'should_escape') current.shouldEscape = unquote(field[2] ?? '') === 'true';
    else if (/^\S/.test(line)) current = undefined;
  }
  return commands;
}
