// Draws the ratio columns of the benchmark tables as one SVG bar chart. A ratio column is a
// column whose header says "ratio", "/" or "vs", and whose cells read like "1.47×". Bars grow from
// 1× on a log scale, so 2× and 0.5× are the same length on either side. Which side is better
// depends on the table (a size ratio and a throughput ratio point opposite ways), so every bar
// keeps its table's label and one neutral colour.

const ROW_HEIGHT = 22;
const LABEL_WIDTH = 600;
const PLOT_WIDTH = 360;
const MAX_LOG2 = 3;

/** The rows `{ label, ratio }` of every ratio column in the markdown tables of `markdown`. */
export function ratioRows(markdown, section) {
  const rows = [];
  let header;

  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      header = undefined;
      continue;
    }

    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    if (!header) {
      header = cells;
      continue;
    }
    if (cells.every((cell) => /^:?-+:?$/.test(cell))) continue;

    header.forEach((title, index) => {
      const match = /^(\d+(?:\.\d+)?)×$/.exec(cells[index] ?? '');
      if (!match || !/ratio|\/|vs/i.test(title)) return;

      const ratio = Number(match[1]);
      if (ratio > 0) rows.push({ label: `${section}: ${cells[0]} (${title})`, ratio });
    });
  }

  return rows;
}

function escapeXml(text) {
  return text.replace(
    /[<>&"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c],
  );
}

/** An SVG chart of the rows; bars right of the axis are ratios above 1×, left below. */
export function ratioChart(rows, title) {
  const centre = LABEL_WIDTH + PLOT_WIDTH / 2;
  const unit = PLOT_WIDTH / 2 / MAX_LOG2;
  const height = 40 + rows.length * ROW_HEIGHT;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${LABEL_WIDTH + PLOT_WIDTH + 70}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<text x="8" y="18" font-weight="bold">${escapeXml(title)}</text>`,
    `<line x1="${centre}" y1="26" x2="${centre}" y2="${height - 4}" stroke="#444"/>`,
  ];

  rows.forEach((row, index) => {
    const y = 30 + index * ROW_HEIGHT;
    const log = Math.max(-MAX_LOG2, Math.min(MAX_LOG2, Math.log2(row.ratio)));
    const width = Math.max(1, Math.abs(log) * unit);
    const x = log >= 0 ? centre : centre - width;

    parts.push(
      `<text x="${LABEL_WIDTH - 8}" y="${y + 14}" text-anchor="end">${escapeXml(row.label)}</text>`,
      `<rect x="${x}" y="${y + 3}" width="${width}" height="${ROW_HEIGHT - 8}" fill="#3a6ea5"/>`,
      `<text x="${LABEL_WIDTH + PLOT_WIDTH + 6}" y="${y + 14}">${row.ratio}×</text>`,
    );
  });

  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
