// Answers as Markdown, safely: raw HTML in the text is shown as text (never parsed), images become text,
// and DOMPurify (loaded by index.html) cleans what marked made before it reaches the page.
import { Marked } from '/_static/marked/17.0.5/lib/marked.esm.js';
import { unsafeHTML } from './lib.js';

const escapeHtml = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  .replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const marked = new Marked({ gfm: true, breaks: true });
marked.use({
  renderer: {
    html({ text }) { return escapeHtml(text); },
    image({ href, text }) { return escapeHtml(`![${text || ''}](${href || ''})`); },
  },
});

const PURIFY = {
  FORBID_TAGS: ['style', 'img', 'svg', 'math', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'video',
    'audio', 'source', 'picture', 'object', 'embed'],
  FORBID_ATTR: ['style'],
};

window.DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer nofollow');
  }
});

/** The text as sanitised HTML for lit-html. */
export function markdown(text) {
  return unsafeHTML(window.DOMPurify.sanitize(marked.parse(text || ''), PURIFY));
}
