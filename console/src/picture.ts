/**
 * The timeline picture. Placeholder until lib/pictures/timeline-svg.ts (issue 16: the same picture the final
 * report embeds) lands on main; then this file becomes
 * `export { timelineSvg } from '../../lib/pictures/timeline-svg.ts';`. It draws nothing of its own.
 */
export function timelineSvg(
  incident: { id: string; title: string; status: string },
  _timeline: readonly unknown[],
  options: { width?: number } = {},
): string {
  const width = options.width ?? 980;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="40" role="img" aria-label="timeline picture of ${incident.id} not available yet"><text x="8" y="24" font-size="13" fill="#555">The timeline picture arrives with the final-report work; the table below has every line.</text></svg>`;
}
