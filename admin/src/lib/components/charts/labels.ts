/**
 * A category label as lines of at most `width` characters, broken between words, so chart.js draws it whole
 * on several lines instead of cutting it at the canvas edge. A word longer than `width` keeps a line alone.
 */
export function wrapLabel(text: string, width = 24): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (current && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current || lines.length === 0) lines.push(current);
  return lines;
}
