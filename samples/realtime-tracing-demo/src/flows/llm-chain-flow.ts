import { defineFlow, generate } from '@livespan/flows';
import { z } from 'zod';

/**
 * Three chained model calls: a fact, a follow-up question about it, and its
 * answer. Each call streams: its text appears live on its model span and, for
 * a streamed run, in the Flows tab's output.
 */
export const llmChainFlow = defineFlow(
  {
    name: 'llm_chain_flow',
    description: 'Three chained Gemini calls: fact → follow-up question → answer, streamed.',
    inputSchema: z.object({ subject: z.string().min(1).default('octopuses') }),
    streamSchema: z.string(),
  },
  async ({ subject }, { sendChunk }) => {
    sendChunk('Fact: ');
    const fact = await generate({
      prompt: `Tell me one surprising fact about ${subject}, in one sentence.`,
      stream: true,
      onChunk: sendChunk,
    });
    sendChunk('\n\nQuestion: ');
    const question = await generate({
      prompt: `Here is a fact: "${fact.text}". Ask one curious follow-up question about it.`,
      stream: true,
      onChunk: sendChunk,
    });
    sendChunk('\n\nAnswer: ');
    const answer = await generate({
      prompt: `Answer briefly: ${question.text}`,
      stream: true,
      onChunk: sendChunk,
    });
    return { fact: fact.text, question: question.text, answer: answer.text };
  },
);
