import { defineFlow, run } from '@livespan/flows';
import { z } from 'zod';
import { pause } from '../pace.js';

/** Steps nested `depth` deep (level_3 > level_2 > level_1 by default), to show the span hierarchy. */
export const nestedFlow = defineFlow(
  {
    name: 'nested_flow',
    description: 'Steps nested inside each other: level_N > … > level_1.',
    inputSchema: z.object({ depth: z.number().int().min(1).max(20).default(3) }),
  },
  async ({ depth }) => descend(depth),
);

async function descend(level: number): Promise<string> {
  return run(`level_${level}`, { level }, async () => {
    await pause(400);
    const inner = level > 1 ? await descend(level - 1) : 'bottom';
    await pause(400);
    return `level_${level} > ${inner}`;
  });
}
