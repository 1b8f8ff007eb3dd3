import type { Block, Inline, MailContent } from './content';
import { cleanText, safeHttpUrl, singleLine } from '../../text/format';

/**
 * The plain-text part: the same blocks as the HTML, nothing escaped (plain text has no entities),
 * links written out in full as `text <url>` so every client can follow them.
 */

function inlineText(part: Inline): string {
  if (typeof part === 'string') return cleanText(part);
  const href = safeHttpUrl(part.url);
  if (href === null) return `${cleanText(part.text)} (${singleLine(part.url)})`;
  // A link whose text is its own URL is written once.
  return part.text === part.url || part.text === href ? href : `${cleanText(part.text)} <${href}>`;
}

function blockText(block: Block): string {
  switch (block.type) {
    case 'heading':
      return singleLine(block.text);
    case 'paragraph':
      return block.parts.map(inlineText).join('');
    case 'quote':
      return `${singleLine(block.label)}\n${cleanText(block.text)
        .split('\n')
        .map((line) => (line === '' ? '>' : `> ${line}`))
        .join('\n')}`;
    case 'actions':
      return block.actions
        .map((action) => `${singleLine(action.label)}: ${safeHttpUrl(action.url) ?? `(${singleLine(action.url)})`}`)
        .join('\n');
    case 'facts':
      return block.facts.map((fact) => `${singleLine(fact.label)}: ${cleanText(fact.value)}`).join('\n');
    case 'code':
      return `${singleLine(block.label)}: ${block.code}`;
    case 'notice':
      return cleanText(block.text);
  }
}

const FOOTER_RULE = '-'.repeat(40);

/** The complete plain-text part for a mail. */
export function renderPlainText(content: MailContent): string {
  const body = content.body.map(blockText).join('\n\n');
  const footer = content.footer.map(blockText).join('\n\n');
  return `${body}\n\n${FOOTER_RULE}\n\n${footer}\n`;
}
