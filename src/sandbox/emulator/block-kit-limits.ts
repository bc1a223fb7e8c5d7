/**
 * The Block Kit limits Slack enforces when a message or a view is posted, reported the way Slack
 * reports them: one `[ERROR] … [json-pointer:…]` line per problem in `response_metadata.messages`.
 * Only the limits a renderer can plausibly break are modelled (counts, lengths, required text);
 * a block that passes here can still be refused by Slack for reasons this does not check.
 */

const MESSAGE_BLOCKS = 50;
const VIEW_BLOCKS = 100;
const SECTION_TEXT = 3000;
const SECTION_FIELDS = 10;
const FIELD_TEXT = 2000;
const HEADER_TEXT = 150;
const CONTEXT_ELEMENTS = 10;
const ACTIONS_ELEMENTS = 25;
const BUTTON_TEXT = 75;
const BUTTON_VALUE = 2000;
const ACTION_ID = 255;
const BLOCK_ID = 255;
const SELECT_OPTIONS = 100;
const OPTION_TEXT = 75;
const OPTION_VALUE = 150;
const PLACEHOLDER = 150;
const LABEL = 2000;
const VIEW_TITLE = 24;
const PRIVATE_METADATA = 3000;

const BLOCK_TYPES = new Set([
  'actions',
  'context',
  'divider',
  'file',
  'header',
  'image',
  'input',
  'rich_text',
  'section',
  'video',
]);

type Problems = string[];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function tooLong(problems: Problems, pointer: string, text: unknown, max: number): void {
  if (typeof text === 'string' && text.length > max)
    problems.push(`[ERROR] must be less than ${max + 1} characters [json-pointer:${pointer}]`);
}

/** A text object: `{ type: 'plain_text' | 'mrkdwn', text }` with 1…max characters. */
function checkText(
  problems: Problems,
  pointer: string,
  value: unknown,
  max: number,
  plainOnly = false,
): void {
  if (!isRecord(value)) {
    problems.push(`[ERROR] must provide an object [json-pointer:${pointer}]`);
    return;
  }
  const allowed = plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
  if (!allowed.includes(String(value.type)))
    problems.push(`[ERROR] must be one of ${allowed.join(', ')} [json-pointer:${pointer}/type]`);
  if (typeof value.text !== 'string' || value.text.length === 0) {
    problems.push(`[ERROR] must be more than 0 characters [json-pointer:${pointer}/text]`);
    return;
  }
  tooLong(problems, `${pointer}/text`, value.text, max);
}

function checkOptions(problems: Problems, pointer: string, options: unknown): void {
  if (options === undefined) return;
  if (!Array.isArray(options)) {
    problems.push(`[ERROR] must provide an array [json-pointer:${pointer}]`);
    return;
  }
  if (options.length > SELECT_OPTIONS)
    problems.push(`[ERROR] no more than ${SELECT_OPTIONS} items allowed [json-pointer:${pointer}]`);
  options.forEach((option, i) => {
    const at = `${pointer}/${i}`;
    if (!isRecord(option)) {
      problems.push(`[ERROR] must provide an object [json-pointer:${at}]`);
      return;
    }
    checkText(problems, `${at}/text`, option.text, OPTION_TEXT);
    tooLong(problems, `${at}/value`, option.value, OPTION_VALUE);
  });
}

/** Interactive elements: buttons, selects, pickers and inputs. */
function checkElement(problems: Problems, pointer: string, element: unknown): void {
  if (!isRecord(element)) {
    problems.push(`[ERROR] must provide an object [json-pointer:${pointer}]`);
    return;
  }
  tooLong(problems, `${pointer}/action_id`, element.action_id, ACTION_ID);
  if (element.placeholder !== undefined)
    checkText(problems, `${pointer}/placeholder`, element.placeholder, PLACEHOLDER, true);
  if (element.type === 'button') {
    checkText(problems, `${pointer}/text`, element.text, BUTTON_TEXT, true);
    tooLong(problems, `${pointer}/value`, element.value, BUTTON_VALUE);
  }
  if (element.type === 'static_select') checkOptions(problems, `${pointer}/options`, element.options);
}

function checkBlock(problems: Problems, pointer: string, block: unknown): void {
  if (!isRecord(block)) {
    problems.push(`[ERROR] must provide an object [json-pointer:${pointer}]`);
    return;
  }
  if (!BLOCK_TYPES.has(String(block.type))) {
    problems.push(`[ERROR] unsupported type: ${String(block.type)} [json-pointer:${pointer}/type]`);
    return;
  }
  tooLong(problems, `${pointer}/block_id`, block.block_id, BLOCK_ID);
  switch (block.type) {
    case 'header':
      checkText(problems, `${pointer}/text`, block.text, HEADER_TEXT, true);
      break;
    case 'section': {
      if (block.text === undefined && block.fields === undefined)
        problems.push(`[ERROR] must provide either text or fields [json-pointer:${pointer}]`);
      if (block.text !== undefined) checkText(problems, `${pointer}/text`, block.text, SECTION_TEXT);
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields)) {
          problems.push(`[ERROR] must provide an array [json-pointer:${pointer}/fields]`);
        } else {
          if (block.fields.length > SECTION_FIELDS)
            problems.push(
              `[ERROR] no more than ${SECTION_FIELDS} items allowed [json-pointer:${pointer}/fields]`,
            );
          block.fields.forEach((field, i) => {
            checkText(problems, `${pointer}/fields/${i}`, field, FIELD_TEXT);
          });
        }
      }
      if (block.accessory !== undefined) checkElement(problems, `${pointer}/accessory`, block.accessory);
      break;
    }
    case 'context':
    case 'actions': {
      const max = block.type === 'context' ? CONTEXT_ELEMENTS : ACTIONS_ELEMENTS;
      if (!Array.isArray(block.elements) || block.elements.length === 0) {
        problems.push(`[ERROR] must provide a non-empty array [json-pointer:${pointer}/elements]`);
        break;
      }
      if (block.elements.length > max)
        problems.push(`[ERROR] no more than ${max} items allowed [json-pointer:${pointer}/elements]`);
      block.elements.forEach((element, i) => {
        const at = `${pointer}/elements/${i}`;
        if (block.type === 'actions') checkElement(problems, at, element);
        else if (isRecord(element) && (element.type === 'mrkdwn' || element.type === 'plain_text'))
          checkText(problems, at, element, SECTION_TEXT);
      });
      break;
    }
    case 'input':
      checkText(problems, `${pointer}/label`, block.label, LABEL, true);
      if (block.hint !== undefined) checkText(problems, `${pointer}/hint`, block.hint, LABEL, true);
      checkElement(problems, `${pointer}/element`, block.element);
      break;
  }
}

function checkBlockList(problems: Problems, blocks: unknown[], max: number, pointer: string): void {
  if (blocks.length > max)
    problems.push(`[ERROR] no more than ${max} items allowed [json-pointer:${pointer}]`);
  blocks.forEach((block, i) => {
    checkBlock(problems, `${pointer}/${i}`, block);
  });
}

/** Problems Slack would report as `invalid_blocks` for a message's blocks; empty when it would accept them. */
export function messageBlockProblems(blocks: unknown[]): string[] {
  const problems: Problems = [];
  checkBlockList(problems, blocks, MESSAGE_BLOCKS, '/blocks');
  return problems;
}

/** Problems Slack would report as `invalid_arguments` for a modal view. */
export function viewProblems(view: Record<string, unknown>): string[] {
  const problems: Problems = [];
  if (view.type !== 'modal' && view.type !== 'home')
    problems.push('[ERROR] must be one of modal, home [json-pointer:/view/type]');
  if (view.type === 'modal') {
    checkText(problems, '/view/title', view.title, VIEW_TITLE, true);
    if (view.submit !== undefined && view.submit !== null)
      checkText(problems, '/view/submit', view.submit, VIEW_TITLE, true);
    if (view.close !== undefined && view.close !== null)
      checkText(problems, '/view/close', view.close, VIEW_TITLE, true);
  }
  tooLong(problems, '/view/private_metadata', view.private_metadata, PRIVATE_METADATA);
  if (!Array.isArray(view.blocks)) problems.push('[ERROR] must provide an array [json-pointer:/view/blocks]');
  else checkBlockList(problems, view.blocks, VIEW_BLOCKS, '/view/blocks');
  return problems;
}
