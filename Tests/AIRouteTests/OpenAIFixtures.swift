/// Response bodies in the shapes OpenAI's API returns (recorded shapes, shortened values).
enum OpenAIFixtures {
    static let chatCompletionWithToolCalls = #"""
        {
          "id": "chatcmpl-BGq2zCq6v6vMDaK1Ft7aBG3bHbxiW",
          "object": "chat.completion",
          "created": 1744037265,
          "model": "gpt-4o-mini-2024-07-18",
          "choices": [
            {
              "index": 0,
              "message": {
                "role": "assistant",
                "content": null,
                "tool_calls": [
                  {
                    "id": "call_qHzGmm2p6JQXcxnIqc0FUm8S",
                    "type": "function",
                    "function": {
                      "name": "get_weather",
                      "arguments": "{\"city\":\"Paris\",\"unit\":\"celsius\"}"
                    }
                  }
                ],
                "refusal": null,
                "annotations": []
              },
              "logprobs": null,
              "finish_reason": "tool_calls"
            }
          ],
          "usage": {
            "prompt_tokens": 82,
            "completion_tokens": 17,
            "total_tokens": 99,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {
              "reasoning_tokens": 0, "audio_tokens": 0,
              "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0
            }
          },
          "service_tier": "default",
          "system_fingerprint": "fp_b376dfbbd5"
        }
        """#

    /// A streamed answer calling two tools, with `stream_options.include_usage`.
    static let toolCallStream = #"""
        data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1744037300,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_b376dfbbd5","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_A","type":"function","function":{"name":"get_weather","arguments":""}}],"refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}

        data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1744037300,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_b376dfbbd5","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"ci"}}]},"logprobs":null,"finish_reason":null}],"usage":null}

        data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1744037300,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_b376dfbbd5","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ty\": \"Pa"}}]},"logprobs":null,"finish_reason":null}],"usage":null}

        data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1744037300,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_b376dfbbd5","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ris\"}"}}]},"logprobs":null,"finish_reason":null}],"usage":null}

        data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1744037300,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_b376dfbbd5","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_B","type":"function","function":{"name":"get_time","arguments":""}}]},"logprobs":null,"finish_reason":null}],"usage":null}

        data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1744037300,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_b376dfbbd5","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"{\"tz\": \"CET\"}"}}]},"logprobs":null,"finish_reason":null}],"usage":null}

        data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1744037300,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_b376dfbbd5","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}],"usage":null}

        data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1744037300,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_b376dfbbd5","choices":[],"usage":{"prompt_tokens":80,"completion_tokens":30,"total_tokens":110}}

        data: [DONE]


        """#

    static let embeddingFloat = #"""
        {
          "object": "list",
          "data": [
            {"object": "embedding", "index": 0, "embedding": [0.0023064255, -0.009327292, 0.015797347]},
            {"object": "embedding", "index": 1, "embedding": [-0.0028842222, 0.0061954586, -0.0054091597]}
          ],
          "model": "text-embedding-3-small",
          "usage": {"prompt_tokens": 8, "total_tokens": 8}
        }
        """#

    /// `encoding_format: base64`: the vector is [0.5, -1.25, 3.0] as little-endian float32.
    static let embeddingBase64 = #"""
        {
          "object": "list",
          "data": [{"object": "embedding", "index": 0, "embedding": "AAAAPwAAoL8AAEBA"}],
          "model": "text-embedding-3-small",
          "usage": {"prompt_tokens": 2, "total_tokens": 2}
        }
        """#

    static let verboseTranscription = #"""
        {
          "task": "transcribe",
          "language": "english",
          "duration": 8.470000267028809,
          "text": "The beach was a popular spot on a hot summer day. People were swimming in the ocean.",
          "segments": [
            {
              "id": 0, "seek": 0, "start": 0.0, "end": 3.319999933242798,
              "text": " The beach was a popular spot on a hot summer day.",
              "tokens": [50364, 440, 7534, 390, 257, 3743, 4008, 322, 257, 2368, 4266, 786, 13, 50530],
              "temperature": 0.0, "avg_logprob": -0.2860786020755768,
              "compression_ratio": 1.2363636493682861, "no_speech_prob": 0.00985979475080967
            },
            {
              "id": 1, "seek": 0, "start": 3.319999933242798, "end": 8.470000267028809,
              "text": " People were swimming in the ocean.",
              "tokens": [50530, 3432, 645, 11989, 294, 264, 7810, 13, 50788],
              "temperature": 0.0, "avg_logprob": -0.2860786020755768,
              "compression_ratio": 1.2363636493682861, "no_speech_prob": 0.00985979475080967
            }
          ],
          "usage": {"type": "duration", "seconds": 9}
        }
        """#

    static let imageResponse = #"""
        {
          "created": 1713833628,
          "data": [
            {"b64_json": "iVBORw0KGgo=", "revised_prompt": "A red fox sitting in fresh snow at dawn."},
            {"url": "https://oaidalleapiprodscus.blob.core.windows.net/private/img-1.png"}
          ],
          "usage": {"total_tokens": 100, "input_tokens": 50, "output_tokens": 50}
        }
        """#
}
