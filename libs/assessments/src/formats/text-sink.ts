/** Collects text the way a browser lays it out: collapsible spaces, hard line breaks, paragraph breaks. */
export class TextSink {
  /**
   * What was written, joined once at the end, and its last character ('' before the first). Asking the string
   * built so far `endsWith()` made V8 flatten it at every space: quadratic (400 kB of "a b " took 30 s).
   */
  private readonly parts: string[] = [];
  private last = '';

  private write(value: string): void {
    if (!value) return;
    this.parts.push(value);
    this.last = value[value.length - 1];
  }

  /** Collapsible white space (one space, none at the start of a line). */
  space(): void {
    if (this.last !== '' && this.last !== ' ' && this.last !== '\n') this.write(' ');
  }

  text(value: string): void {
    this.write(value);
  }

  lineBreak(): void {
    this.write('\n');
  }

  /** A new line unless one has just begun (list items, table rows). */
  newLine(): void {
    if (this.last !== '' && this.last !== '\n') this.write('\n');
  }

  paragraph(): void {
    this.write('\n\n');
  }

  /**
   * Lines trimmed of collapsible spaces, non-breaking spaces made plain, blank lines merged
   * (one blank line at most between paragraphs), and the whole trimmed.
   */
  result(): string {
    const lines = this.parts
      .join('')
      .split('\n')
      .map((line) => {
        let start = 0;
        let end = line.length;
        while (start < end && line[start] === ' ') start++;
        while (end > start && line[end - 1] === ' ') end--;
        const plain = line.slice(start, end).replaceAll('\u00a0', ' ');
        return plain.trim() === '' ? '' : plain;
      });
    const merged: string[] = [];
    for (const line of lines) if (line !== '' || merged[merged.length - 1] !== '') merged.push(line);
    return merged.join('\n').trim();
  }
}
