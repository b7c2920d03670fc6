/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @example escapeHtml({ text: '<b>"Hội nghị" & co</b>' }) // '&lt;b&gt;&quot;Hội nghị&quot; &amp; co&lt;/b&gt;'
 */
export function escapeHtml({ text }: { text: string }): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);
}
