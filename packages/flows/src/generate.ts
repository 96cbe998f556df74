import { type GenerateContentParameters, type GenerateContentResponse, GoogleGenAI } from '@google/genai';
import {
  CHUNK_EVENT_NAME,
  CHUNK_EVENT_TEXT_LIMIT,
  CHUNK_INDEX_ATTR,
  CHUNK_TEXT_ATTR,
} from '@livespan/tracing/wire';
import type { Attributes, Span } from '@opentelemetry/api';
import { type GeminiConfig, resolveGeminiConfig } from './gemini-config.js';
import { GenerateError } from './generate-error.js';
import { runInSpan } from './run-in-span.js';
import { PROGRESS_ATTR } from './span-attributes.js';
import { currentSignal } from './step-frame.js';

/** Sampling settings; each is sent only when given. */
export interface GenerationSettings {
  temperature?: number;
  /** Recorded as `gen_ai.request.max_tokens`. */
  maxOutputTokens?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
}

/** One model call. */
export interface GenerateOptions extends GeminiConfig {
  /** The user prompt. */
  prompt: string;
  /** System instruction. */
  system?: string;
  config?: GenerationSettings;
  /** Stream the answer: each chunk becomes a span event as it arrives. Default `false`. */
  stream?: boolean;
  /** Called with each streamed chunk's text. */
  onChunk?: (text: string) => void;
}

/** What a model call returns. */
export interface GenerateResult {
  text: string;
  usage: { inputTokens: number; outputTokens: number };
  /** The model that answered (the API's `modelVersion` when it reports one). */
  model: string;
  /** Gemini's finish reason, e.g. `STOP`, `MAX_TOKENS`. */
  finishReason: string | undefined;
}

/**
 * Calls a Gemini model through the official `@google/genai` SDK, traced as a
 * Genkit model action (`genkit:type` `action`, subtype `model`) with
 * OpenTelemetry GenAI attributes. Without an API key the span records a
 * `GenerateError` naming `GEMINI_API_KEY`, and the call rejects with it.
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  if (typeof options?.prompt !== 'string' || options.prompt === '') {
    throw new TypeError('generate: "prompt" must be a non-empty string');
  }
  const { apiKey, baseUrl, model } = resolveGeminiConfig(options);
  const settings = options.config ?? {};
  return runInSpan<GenerateResult>(
    {
      name: `googleai/${model}`,
      type: 'action',
      subtype: 'model',
      input: {
        messages: [
          ...(options.system ? [{ role: 'system', content: [{ text: options.system }] }] : []),
          { role: 'user', content: [{ text: options.prompt }] },
        ],
        config: settings,
      },
      attributes: requestAttributes(model, settings),
      outputForSpan: (result) => ({
        message: { role: 'model', content: [{ text: result.text }] },
        finishReason: genkitFinishReason(result.finishReason),
        usage: { ...result.usage, totalTokens: result.usage.inputTokens + result.usage.outputTokens },
      }),
    },
    async (span) => {
      if (!apiKey) {
        throw new GenerateError(
          `No Gemini API key: set the GEMINI_API_KEY environment variable (or pass apiKey to configureGemini()) to call model "${model}".`,
        );
      }
      // The run's signal aborts the HTTP request itself, so a cancelled run stops paying for tokens.
      const signal = currentSignal();
      const ai = new GoogleGenAI({ apiKey, vertexai: false, ...(baseUrl && { httpOptions: { baseUrl } }) });
      const request: GenerateContentParameters = {
        model,
        contents: options.prompt,
        config: {
          ...settings,
          ...(options.system && { systemInstruction: options.system }),
          ...(signal && { abortSignal: signal }),
        },
      };
      try {
        const result = options.stream
          ? await streamed(ai, request, span, options.onChunk)
          : toResult(await ai.models.generateContent(request), model);
        span.setAttributes(responseAttributes(result));
        return result;
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        throw wrapApiError(error, model);
      }
    },
  );
}

async function streamed(
  ai: GoogleGenAI,
  request: GenerateContentParameters,
  span: Span,
  onChunk: ((text: string) => void) | undefined,
): Promise<GenerateResult> {
  let text = '';
  let last: GenerateContentResponse | undefined;
  let index = 0;
  for await (const chunk of await ai.models.generateContentStream(request)) {
    const piece = chunk.text ?? '';
    text += piece;
    last = chunk;
    span.addEvent(CHUNK_EVENT_NAME, {
      [CHUNK_INDEX_ATTR]: index,
      [CHUNK_TEXT_ATTR]: piece.slice(0, CHUNK_EVENT_TEXT_LIMIT),
      'livespan:chunk.totalChars': text.length,
    });
    span.setAttribute(PROGRESS_ATTR, `${index + 1} chunks, ${text.length} chars`);
    index += 1;
    onChunk?.(piece);
  }
  return { ...toResult(last, request.model), text };
}

function toResult(response: GenerateContentResponse | undefined, model: string): GenerateResult {
  return {
    text: response?.text ?? '',
    usage: {
      inputTokens: response?.usageMetadata?.promptTokenCount ?? 0,
      outputTokens: response?.usageMetadata?.candidatesTokenCount ?? 0,
    },
    model: response?.modelVersion ?? model,
    finishReason: response?.candidates?.[0]?.finishReason,
  };
}

function requestAttributes(model: string, settings: GenerationSettings): Attributes {
  return {
    'gen_ai.system': 'gcp.gemini',
    'gen_ai.provider.name': 'gcp.gemini',
    'gen_ai.operation.name': 'generate_content',
    'gen_ai.request.model': model,
    ...(settings.temperature !== undefined && { 'gen_ai.request.temperature': settings.temperature }),
    ...(settings.maxOutputTokens !== undefined && { 'gen_ai.request.max_tokens': settings.maxOutputTokens }),
    ...(settings.topP !== undefined && { 'gen_ai.request.top_p': settings.topP }),
    ...(settings.topK !== undefined && { 'gen_ai.request.top_k': settings.topK }),
  };
}

function responseAttributes(result: GenerateResult): Attributes {
  return {
    'gen_ai.response.model': result.model,
    'gen_ai.usage.input_tokens': result.usage.inputTokens,
    'gen_ai.usage.output_tokens': result.usage.outputTokens,
    ...(result.finishReason && { 'gen_ai.response.finish_reasons': [result.finishReason] }),
  };
}

/** Gemini's finish reason in Genkit's vocabulary, so Genkit's model view reads it. */
function genkitFinishReason(reason: string | undefined): string {
  if (reason === undefined) return 'unknown';
  if (reason === 'STOP') return 'stop';
  if (reason === 'MAX_TOKENS') return 'length';
  if (['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII'].includes(reason)) return 'blocked';
  return 'other';
}

function wrapApiError(error: unknown, model: string): unknown {
  if (error instanceof GenerateError || !(error instanceof Error)) return error;
  const status = (error as { status?: unknown }).status;
  return new GenerateError(`Gemini call to model "${model}" failed: ${error.message}`, {
    cause: error,
    ...(typeof status === 'number' && { status }),
  });
}
