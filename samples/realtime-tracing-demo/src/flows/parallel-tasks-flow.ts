import { defineFlow, run } from '@livespan/flows';
import { z } from 'zod';
import { pause } from '../pace.js';

/** Tasks started together that end one after another: siblings that overlap in time. */
export const parallelTasksFlow = defineFlow(
  {
    name: 'parallel_tasks_flow',
    description: 'num_tasks steps run in parallel, with staggered ends.',
    inputSchema: z.object({ num_tasks: z.number().int().min(1).max(50).default(4) }),
  },
  async ({ num_tasks }) => {
    const results = await Promise.all(
      Array.from({ length: num_tasks }, (_, i) =>
        run(`parallel_task_${i}`, { task: i }, async () => {
          await pause(1000 + i * 500);
          return `task ${i} done`;
        }),
      ),
    );
    return { completed: results.length, results };
  },
);
