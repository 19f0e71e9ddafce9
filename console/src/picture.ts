/** The timeline picture: the one the final report embeds (pure, bundled into the console). */
export { timelineSvg } from '../../lib/pictures/timeline-svg.ts';
