// Response bodies and streams recorded from the live providers (or published by them), replayed
// through the fake server by the tests of refusals, content filters and lenient decoding. Each
// constant names its source; the text is verbatim unless its comment says it was built here.

/// Recorded provider answers for tests, each with its source.
public enum Recordings {
    /// OpenAI: a non-streamed refusal (`content: null`, `refusal` set, `finish_reason: "stop"`).
    /// Source: openai/openai-python, tests/lib/chat/test_completions.py (test_parse_pydantic_model_refusal).
    public static let openAIRefusal = #"""
        {"id": "chatcmpl-ABfvwoKVWPQj2UPlAcAKM7s40GsRx", "object": "chat.completion", "created": 1727346164, "model": "gpt-4o-2024-08-06", "choices": [{"index": 0, "message": {"role": "assistant", "content": null, "refusal": "I'm very sorry, but I can't assist with that."}, "logprobs": null, "finish_reason": "stop"}], "usage": {"prompt_tokens": 79, "completion_tokens": 12, "total_tokens": 91, "completion_tokens_details": {"reasoning_tokens": 0}}, "system_fingerprint": "fp_5050236cbd"}
        """#

    /// OpenAI: a streamed refusal with refusal log probabilities (`delta.refusal`,
    /// `logprobs.refusal`), then an `include_usage` chunk and `[DONE]`.
    /// Source: openai/openai-python, .inline-snapshot/external/569c877e69429d4cbc1577d2cd6dd33878095c68badc6b6654a69769b391a1c1.bin
    /// (tests/lib/chat/test_completions_streaming.py, test_refusal_logprobs_events).
    public static let openAIRefusalStream = #"""
        data: {"id":"chatcmpl-ABfw5GEVqPbLY576l46FZDQoNJ2KC","object":"chat.completion.chunk","created":1727346173,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_5050236cbd","choices":[{"index":0,"delta":{"role":"assistant","content":null,"refusal":""},"logprobs":{"content":null,"refusal":[]},"finish_reason":null}]}

        data: {"id":"chatcmpl-ABfw5GEVqPbLY576l46FZDQoNJ2KC","object":"chat.completion.chunk","created":1727346173,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_5050236cbd","choices":[{"index":0,"delta":{"refusal":"I'm"},"logprobs":{"content":null,"refusal":[{"token":"I'm","logprob":-0.0012038043,"bytes":[73,39,109],"top_logprobs":[]}]},"finish_reason":null}]}

        data: {"id":"chatcmpl-ABfw5GEVqPbLY576l46FZDQoNJ2KC","object":"chat.completion.chunk","created":1727346173,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_5050236cbd","choices":[{"index":0,"delta":{"refusal":" very"},"logprobs":{"content":null,"refusal":[{"token":" very","logprob":-0.8438816,"bytes":[32,118,101,114,121],"top_logprobs":[]}]},"finish_reason":null}]}

        data: {"id":"chatcmpl-ABfw5GEVqPbLY576l46FZDQoNJ2KC","object":"chat.completion.chunk","created":1727346173,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_5050236cbd","choices":[{"index":0,"delta":{"refusal":" sorry"},"logprobs":{"content":null,"refusal":[{"token":" sorry","logprob":-3.4121115e-6,"bytes":[32,115,111,114,114,121],"top_logprobs":[]}]},"finish_reason":null}]}

        data: {"id":"chatcmpl-ABfw5GEVqPbLY576l46FZDQoNJ2KC","object":"chat.completion.chunk","created":1727346173,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_5050236cbd","choices":[{"index":0,"delta":{"refusal":","},"logprobs":{"content":null,"refusal":[{"token":",","logprob":-0.000033809047,"bytes":[44],"top_logprobs":[]}]},"finish_reason":null}]}

        data: {"id":"chatcmpl-ABfw5GEVqPbLY576l46FZDQoNJ2KC","object":"chat.completion.chunk","created":1727346173,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_5050236cbd","choices":[{"index":0,"delta":{"refusal":" but"},"logprobs":{"content":null,"refusal":[{"token":" but","logprob":-0.038048144,"bytes":[32,98,117,116],"top_logprobs":[]}]},"finish_reason":null}]}

        data: {"id":"chatcmpl-ABfw5GEVqPbLY576l46FZDQoNJ2KC","object":"chat.completion.chunk","created":1727346173,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_5050236cbd","choices":[{"index":0,"delta":{"refusal":" I"},"logprobs":{"content":null,"refusal":[{"token":" I","logprob":-0.0016109125,"bytes":[32,73],"top_logprobs":[]}]},"finish_reason":null}]}

        data: {"id":"chatcmpl-ABfw5GEVqPbLY576l46FZDQoNJ2KC","object":"chat.completion.chunk","created":1727346173,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_5050236cbd","choices":[{"index":0,"delta":{"refusal":" can't"},"logprobs":{"content":null,"refusal":[{"token":" can't","logprob":-0.0073532974,"bytes":[32,99,97,110,39,116],"top_logprobs":[]}]},"finish_reason":null}]}

        data: {"id":"chatcmpl-ABfw5GEVqPbLY576l46FZDQoNJ2KC","object":"chat.completion.chunk","created":1727346173,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_5050236cbd","choices":[{"index":0,"delta":{"refusal":" assist"},"logprobs":{"content":null,"refusal":[{"token":" assist","logprob":-0.0020837625,"bytes":[32,97,115,115,105,115,116],"top_logprobs":[]}]},"finish_reason":null}]}

        data: {"id":"chatcmpl-ABfw5GEVqPbLY576l46FZDQoNJ2KC","object":"chat.completion.chunk","created":1727346173,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_5050236cbd","choices":[{"index":0,"delta":{"refusal":" with"},"logprobs":{"content":null,"refusal":[{"token":" with","logprob":-0.00318354,"bytes":[32,119,105,116,104],"top_logprobs":[]}]},"finish_reason":null}]}

        data: {"id":"chatcmpl-ABfw5GEVqPbLY576l46FZDQoNJ2KC","object":"chat.completion.chunk","created":1727346173,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_5050236cbd","choices":[{"index":0,"delta":{"refusal":" that"},"logprobs":{"content":null,"refusal":[{"token":" that","logprob":-0.0017186158,"bytes":[32,116,104,97,116],"top_logprobs":[]}]},"finish_reason":null}]}

        data: {"id":"chatcmpl-ABfw5GEVqPbLY576l46FZDQoNJ2KC","object":"chat.completion.chunk","created":1727346173,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_5050236cbd","choices":[{"index":0,"delta":{"refusal":"."},"logprobs":{"content":null,"refusal":[{"token":".","logprob":-0.57687104,"bytes":[46],"top_logprobs":[]}]},"finish_reason":null}]}

        data: {"id":"chatcmpl-ABfw5GEVqPbLY576l46FZDQoNJ2KC","object":"chat.completion.chunk","created":1727346173,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_5050236cbd","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}

        data: {"id":"chatcmpl-ABfw5GEVqPbLY576l46FZDQoNJ2KC","object":"chat.completion.chunk","created":1727346173,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_5050236cbd","choices":[],"usage":{"prompt_tokens":79,"completion_tokens":12,"total_tokens":91,"completion_tokens_details":{"reasoning_tokens":0}}}

        data: [DONE]


        """#

    /// Azure OpenAI: HTTP 200 whose only choice a content filter withheld (`finish_reason:
    /// "content_filter"`, `content: null`, `content_filter_results` flagging violence), with
    /// `prompt_filter_results` at the top level. Captured from Azure (api-version 2024-02-01)
    /// through the openai SDK's `model_dump_json`.
    /// Source: seyoungsong/classical-chinese-transfer, src/train/mt_api/gpt4/model.py (`pred.model_dump_json_azure`).
    public static let azureContentFilter = #"""
        {"id":"chatcmpl-99wI7Wd4oJlp3Xq5PVJ8n4fgR2iwQ","choices":[{"finish_reason":"content_filter","index":0,"logprobs":null,"message":{"content":null,"role":"assistant","function_call":null,"tool_calls":null},"content_filter_results":{"hate":{"filtered":false,"severity":"safe"},"self_harm":{"filtered":false,"severity":"low"},"sexual":{"filtered":false,"severity":"safe"},"violence":{"filtered":true,"severity":"medium"}}}],"created":1712156051,"model":"gpt-35-turbo","object":"chat.completion","system_fingerprint":"fp_2f57f81c11","usage":{"completion_tokens":34,"prompt_tokens":82,"total_tokens":116},"prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"},"self_harm":{"filtered":false,"severity":"safe"},"sexual":{"filtered":false,"severity":"safe"},"violence":{"filtered":false,"severity":"safe"}}}]}
        """#

    /// Anthropic: a streamed refusal after a thinking block (`thinking_delta`s, a short text, then
    /// `stop_reason: "refusal"` with `stop_details` on `message_delta`).
    /// Source: anthropics/anthropic-sdk-python, tests/fixtures/fable-fallback/stream-a-refusal.sse.
    public static let anthropicRefusalAfterThinkingStream = #"""
        event: message_start
        data: {"type":"message_start","message":{"model":"claude-fable-5","id":"msg_fixture_a_0001","type":"message","role":"assistant","content":[],"stop_reason":null,"stop_sequence":null,"stop_details":null,"usage":{"input_tokens":28,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":0},"output_tokens":5,"service_tier":"standard","inference_geo":"global"}}               }

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}  }

        event: ping
        data: {"type": "ping"}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Simple educ"}             }

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"ational question about what a solar eclipse is. This is benign general knowledge — definitions are fine. Also the user called"}          }

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":" me \"claudius\" — I'm Claude. Minor correction or just roll with it politely."}          }

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":""}               }

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"c3ludGhldGljLXNpZ25hdHVyZS1maXh0dXJlLWEtbm90LWEtcmVhbC1zaWduYXR1cmU="} }

        event: content_block_stop
        data: {"type":"content_block_stop","index":0  }

        event: content_block_start
        data: {"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Hi"} }

        event: content_block_stop
        data: {"type":"content_block_stop","index":1      }

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"refusal","stop_sequence":null,"stop_details":{"type":"refusal","category":null,"explanation":null,"fallback_credit_token":"tok_synthetic_fixture_a","fallback_has_prefill_claim":true}},"usage":{"input_tokens":28,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":106,"output_tokens_details":{"thinking_tokens":67},"iterations":[{"input_tokens":28,"output_tokens":106,"cache_read_input_tokens":0,"cache_creation_input_tokens":0,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":0},"type":"message"}]}    }

        event: message_stop
        data: {"type":"message_stop"      }


        """#

    /// Anthropic: a non-streamed refusal, as the API reference shows it (`stop_reason: "refusal"`,
    /// `stop_details` with category and explanation; the page omits `id` and `model`).
    /// Source: https://platform.claude.com/docs/en/test-and-evaluate/strengthen-guardrails/handle-streaming-refusals
    public static let anthropicRefusal = #"""
        {
          "role": "assistant",
          "content": [
            {
              "type": "text",
              "text": "Hello.."
            }
          ],
          "stop_reason": "refusal",
          "stop_details": {
            "type": "refusal",
            "category": "cyber",
            "explanation": "This request was declined because it could enable cyber harm."
          }
        }
        """#

    /// Gemini: a candidate stopped by safety settings, with no content. Built here from the
    /// `Candidate` shape of the API reference (`finishReason: "SAFETY"`, `safetyRatings` with
    /// `blocked: true`).
    /// Source: https://ai.google.dev/api/generate-content#candidate (fields as documented; values chosen here).
    public static let geminiSafetyStop = #"""
        {"candidates": [{"finishReason": "SAFETY", "index": 0, "safetyRatings": [{"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH", "blocked": true}]}], "usageMetadata": {"promptTokenCount": 12, "totalTokenCount": 12}, "modelVersion": "gemini-2.5-flash", "responseId": "safety-stop-1"}
        """#

    /// Mistral (magistral): reasoning streamed as `delta.content` lists of `thinking` parts, then
    /// text. The `thinking` chunk is Mistral's, quoted in public code that adapts magistral
    /// streams (`transformMistralThinkingChunks`); the role, text and final chunks around it were
    /// built here in the `TextChunk` form of the Mistral API reference (mistralai/client-python,
    /// `ThinkChunk` and `TextChunk`).
    public static let mistralThinkingStream = #"""
        data: {"id":"426a1c8c62704d959621a94c1ff0cffb","object":"chat.completion.chunk","created":1759752086,"model":"magistral-medium-latest","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}

        data: {"id":"426a1c8c62704d959621a94c1ff0cffb","object":"chat.completion.chunk","created":1759752086,"model":"magistral-medium-latest","choices":[{"index":0,"delta":{"content":[{"type":"thinking","thinking":[{"type":"text","text":" by 2 is"}]}]},"finish_reason":null}]}

        data: {"id":"426a1c8c62704d959621a94c1ff0cffb","object":"chat.completion.chunk","created":1759752086,"model":"magistral-medium-latest","choices":[{"index":0,"delta":{"content":[{"type":"text","text":"4"}]},"finish_reason":null}]}

        data: {"id":"426a1c8c62704d959621a94c1ff0cffb","object":"chat.completion.chunk","created":1759752086,"model":"magistral-medium-latest","choices":[{"index":0,"delta":{"content":"."},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"total_tokens":20,"completion_tokens":10}}

        data: [DONE]


        """#

    /// An OpenAI-compatible server's tool call without `"type"`, as some servers send it. Built
    /// here: OpenAI's documented `chat.completion` shape with the tool call's `type` left out.
    public static let toolCallWithoutType = #"""
        {"id":"chatcmpl-notype","object":"chat.completion","created":1727346164,"model":"local-model","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":20,"completion_tokens":10,"total_tokens":30}}
        """#

    /// llama.cpp's embeddings answer for a model served without pooling: one vector per token
    /// (here 3 tokens of 4 dimensions) in place of one vector. Built here in the OpenAI `list`
    /// shape of llama-cpp-python's server (`create_embedding` without pooling), tiny vectors.
    public static let unpooledEmbeddings = #"""
        {"object":"list","data":[{"object":"embedding","embedding":[[0.1,0.2,0.3,0.4],[0.5,0.6,0.7,0.8],[0.9,1.0,1.1,1.2]],"index":0}],"model":"tiny.gguf","usage":{"prompt_tokens":3,"total_tokens":3}}
        """#
}
