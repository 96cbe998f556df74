import { currentSignal, defineFlow, progress, run } from '@livespan/flows';
import { z } from 'zod';
import { pause } from '../pace.js';

/** A slow task that reports progress while it runs: its duration and progress update live. */
export const longRunningFlow = defineFlow(
  {
    name: 'long_running_flow',
    description: 'A slow task reporting progress every second.',
    inputSchema: z.object({ seconds: z.number().int().min(1).max(300).default(10) }),
  },
  async ({ seconds }) => {
    await run('prepare', async () => pause(500));
    const processed = await run('slow_task', { seconds }, async () => {
      for (let second = 1; second <= seconds; second++) {
        await pause(1000);
        // Stop in the Dev UI ends the spans at once; this also ends the work itself.
        currentSignal()?.throwIfAborted();
        progress(`${Math.round((second / seconds) * 100)}% done`, { second, of: seconds });
      }
      return seconds * 100;
    });
    await run('finish', async () => pause(500));
    return { processed_items: processed, seconds };
  },
);
