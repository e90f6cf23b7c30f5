import type { ImportReport } from './run';

const cut = (text: string, width: number) =>
  text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);

/** The report as a terminal reads it: counts, then one line per rejected cell, merge and skip. */
export function reportTable(report: ImportReport): string {
  const c = report.counts;
  const lines = [
    `import ${report.importId} of ${report.file} as source "${report.source}" (${report.format ?? 'unknown format'})${report.dryRun ? ' — DRY RUN, nothing written' : ''}${report.strict ? ' — strict' : ''}`,
    report.status === 'REFUSED' ? `REFUSED, nothing written: ${report.error}` : 'done',
    '',
    `rows ${c.rows} | created ${c.created} | updated ${c.updated} | unchanged ${c.unchanged} | merged ${c.merged} | rejected ${c.rejected} | skipped ${c.skipped}`,
  ];
  if (report.rejected.length) {
    lines.push(
      '',
      'rejected rows (fix these cells and import again):',
      `${cut('row', 7)}${cut('id', 22)}${cut('field', 26)}${cut('value', 26)}problem`,
    );
    for (const r of report.rejected)
      lines.push(
        `${cut(String(r.row), 7)}${cut(r.id, 22)}${cut(r.field, 26)}${cut(JSON.stringify(r.value), 26)}${r.problem}`,
      );
  }
  if (report.merged.length) {
    lines.push('', 'merged into an existing place:');
    for (const m of report.merged)
      lines.push(`${cut(String(m.row), 7)}${cut(m.id, 22)}→ ${m.placeId}  ${m.reason}`);
  }
  if (report.skipped.length) {
    lines.push('', 'skipped:');
    for (const s of report.skipped) lines.push(`${cut(String(s.row), 7)}${cut(s.id, 22)}${s.reason}`);
  }
  if (report.normalised.length) {
    lines.push('', 'normalised (check the source file):');
    for (const n of report.normalised)
      lines.push(
        `${cut(String(n.row), 7)}${cut(n.id, 22)}${cut(n.field, 26)}${JSON.stringify(n.from)} → ${JSON.stringify(n.to)}  (${n.why})`,
      );
  }
  for (const n of report.notes) lines.push(`${cut(String(n.row), 7)}${cut(n.id, 22)}${n.note}`);
  for (const [list, n] of Object.entries(report.omitted))
    lines.push(`… and ${n} more ${list} entries (see the JSON report)`);
  return lines.join('\n');
}
