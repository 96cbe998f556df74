import { defineFlow, generate } from '@livespan/flows';
import { z } from 'zod';

/** Three chained model calls: a fact, a follow-up question about it, and its answer. */
export const llmChainFlow = defineFlow(
  {
    name: 'llm_chain_flow',
    description: 'Three chained Gemini calls: fact → follow-up question → answer.',
    inputSchema: z.object({ subject: z.string().min(1).default('octopuses') }),
  },
  async ({ subject }) => {
    const fact = await generate({ prompt: `Tell me one surprising fact about ${subject}, in one sentence.` });
    const question = await generate({
      prompt: `Here is a fact: "${fact.text}". Ask one curious follow-up question about it.`,
    });
    const answer = await generate({ prompt: `Answer briefly: ${question.text}`, stream: true });
    return { fact: fact.text, question: question.text, answer: answer.text };
  },
);
