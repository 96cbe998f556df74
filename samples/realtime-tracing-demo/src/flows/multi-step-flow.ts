import { defineFlow, generate, progress, run } from '@livespan/flows';
import { z } from 'zod';
import { pause } from '../pace.js';

/** Research, then analysis, then a streamed model summary: each step appears the moment it starts. */
export const multiStepFlow = defineFlow(
  {
    name: 'multi_step_flow',
    description: 'Steps research → analysis with delays, then a Gemini summary.',
    inputSchema: z.object({ topic: z.string().min(1).default('realtime tracing') }),
    streamSchema: z.string(),
  },
  async ({ topic }, { sendChunk }) => {
    const research = await run('research', { topic }, async () => {
      progress('collecting sources');
      await pause(1500);
      return `Three key facts about ${topic}: it shows work as it happens, it nests steps, and it survives crashes.`;
    });
    const analysis = await run('analysis', { research }, async () => {
      await pause(1500);
      return `Analysis: ${topic} is most useful for long, multi-step work.`;
    });
    const summary = await generate({
      prompt: `Summarize in two sentences for a developer.\n${research}\n${analysis}`,
      stream: true,
      onChunk: sendChunk,
    });
    return { topic, research, analysis, summary: summary.text };
  },
);
