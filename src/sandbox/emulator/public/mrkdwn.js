// Slack's mrkdwn as DOM nodes. Text is only ever set with textContent: whatever the bot or a
// person typed can never become markup here.

const ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };
const decode = (text) => text.replace(/&(amp|lt|gt);/g, (entity) => ENTITIES[entity]);

const INLINE = [
  { re: /`([^`\n]+)`/, tag: 'code' },
  { re: /(?<![\w*])\*(?!\s)([^*\n]+?)\*(?![\w*])/, tag: 'strong' },
  { re: /(?<![\w_])_(?!\s)([^_\n]+?)_(?![\w_])/, tag: 'em' },
  { re: /(?<![\w~])~(?!\s)([^~\n]+?)~(?![\w~])/, tag: 's' },
];

/** Bold, italic, strike and code inside a plain stretch of text. */
function inline(text, into) {
  let rest = text;
  while (rest) {
    let first = null;
    for (const rule of INLINE) {
      const match = rule.re.exec(rest);
      if (match && (first === null || match.index < first.match.index)) first = { rule, match };
    }
    if (!first) {
      into.append(document.createTextNode(decode(rest)));
      return;
    }
    const { rule, match } = first;
    if (match.index > 0) into.append(document.createTextNode(decode(rest.slice(0, match.index))));
    const node = document.createElement(rule.tag);
    if (rule.tag === 'code') node.textContent = decode(match[1]);
    else inline(match[1], node);
    into.append(node);
    rest = rest.slice(match.index + match[0].length);
  }
}

/** `<url|label>`, `<@U123>`, `<#C123|name>`, `<!here>` and plain text around them. */
function withLinks(text, into, ctx) {
  const re = /<([^<>]+)>/g;
  let last = 0;
  for (const match of text.matchAll(re)) {
    if (match.index > last) inline(text.slice(last, match.index), into);
    const [target, label] = match[1].split('|');
    if (target.startsWith('@')) {
      const mention = document.createElement('span');
      mention.className = 'mention';
      mention.textContent = `@${ctx.nameOf(target.slice(1))}`;
      into.append(mention);
    } else if (target.startsWith('#')) {
      const channel = document.createElement('span');
      channel.className = 'mention';
      channel.textContent = `#${label ?? target.slice(1)}`;
      into.append(channel);
    } else if (target.startsWith('!')) {
      const special = document.createElement('span');
      special.className = 'mention';
      special.textContent = `@${label ?? target.slice(1)}`;
      into.append(special);
    } else if (!/^(https?:|\/)/i.test(decode(target))) {
      // Only web links: a javascript: or data: URL in a message must not become clickable.
      into.append(document.createTextNode(decode(label ?? target)));
    } else {
      const link = document.createElement('a');
      link.href = decode(target);
      link.textContent = decode(label ?? target);
      link.rel = 'noreferrer';
      into.append(link);
    }
    last = match.index + match[0].length;
  }
  if (last < text.length) inline(text.slice(last), into);
}

/** A mrkdwn text as a block of lines, with quotes and preformatted stretches. */
export function mrkdwn(text, ctx) {
  const root = document.createElement('div');
  root.className = 'mrkdwn';
  const parts = text.split('```');
  parts.forEach((part, i) => {
    if (i % 2 === 1) {
      const pre = document.createElement('pre');
      pre.textContent = decode(part.replace(/^\n/, ''));
      root.append(pre);
      return;
    }
    const lines = part.split('\n');
    lines.forEach((line, n) => {
      if (line.startsWith('&gt; ') || line.startsWith('> ')) {
        const quote = document.createElement('blockquote');
        withLinks(line.replace(/^(&gt;|>) /, ''), quote, ctx);
        root.append(quote);
        return;
      }
      withLinks(line, root, ctx);
      if (n < lines.length - 1) root.append(document.createElement('br'));
    });
  });
  return root;
}

/** A Block Kit text object: plain text as is, mrkdwn formatted. */
export function textObject(object, ctx) {
  if (!object) return document.createTextNode('');
  if (object.type === 'mrkdwn') return mrkdwn(object.text ?? '', ctx);
  const span = document.createElement('span');
  span.textContent = object.text ?? '';
  return span;
}
