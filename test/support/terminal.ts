/**
 * A minimal terminal screen for console tests: it applies what readline writes (text, CR/LF, cursor moves,
 * line and screen clearing) so a test can check what a person would see. One column per code point.
 */
export class Screen {
  rows: string[][] = [[]];
  row = 0;
  col = 0;
  private saved: [number, number] = [0, 0];

  constructor(readonly columns = 80) {}

  write(data: string): void {
    // eslint-disable-next-line no-control-regex -- terminal escape sequences are what this parses
    const re = /\x1b\[(\d*)([A-Za-z])|\x1b[78]|\r|\n|[^\x1b\r\n]/gu;
    let m: RegExpExecArray | null;
    while ((m = re.exec(data))) {
      const [token, num, op] = m;
      if (token === '\x1b7') this.saved = [this.row, this.col];
      else if (token === '\x1b8') [this.row, this.col] = this.saved;
      else if (token === '\r') this.col = 0;
      else if (token === '\n') { this.row++; this.col = 0; }
      else if (op) this.control(op, num === '' ? undefined : Number(num));
      else this.put(token);
    }
  }

  private line(r: number): string[] {
    while (this.rows.length <= r) this.rows.push([]);
    return this.rows[r]!;
  }

  private put(ch: string): void {
    if (this.col >= this.columns) { this.row++; this.col = 0; }
    const line = this.line(this.row);
    while (line.length < this.col) line.push(' ');
    line[this.col++] = ch;
  }

  private control(op: string, n: number | undefined): void {
    switch (op) {
      case 'A': this.row = Math.max(0, this.row - (n ?? 1)); break;
      case 'B': this.row += n ?? 1; break;
      case 'C': this.col += n ?? 1; break;
      case 'D': this.col = Math.max(0, this.col - (n ?? 1)); break;
      case 'G': this.col = (n ?? 1) - 1; break;
      case 'K': { // 0: to the end, 1: to the start, 2: the whole line
        const line = this.line(this.row);
        if ((n ?? 0) === 0) line.length = Math.min(line.length, this.col);
        else if (n === 1) for (let i = 0; i <= this.col && i < line.length; i++) line[i] = ' ';
        else line.length = 0;
        break;
      }
      case 'J': // 0: from the cursor to the end of the screen
        this.line(this.row).length = Math.min(this.line(this.row).length, this.col);
        this.rows.length = this.row + 1;
        break;
      default: break;
    }
  }

  /** The visible lines, trailing spaces removed. */
  text(): string[] {
    return this.rows.map((r) => r.join('').trimEnd());
  }
}
