-- wrk: POST the driver's chat request (Benchmarks/Sources/AIRouteLoad, rawRequestBody) to the
-- gateway; BENCH_STREAM=1 asks for a stream (with usage, as the driver does).
local stream = os.getenv("BENCH_STREAM") == "1"
local body = '{"model":"bench","messages":[{"role":"system","content":"You are a concise assistant."},'
    .. '{"role":"user","content":"Summarise the benefits of capability-driven model routing in two sentences."}],'
    .. '"temperature":0.2,"max_tokens":256'
if stream then
    body = body .. ',"stream":true,"stream_options":{"include_usage":true}'
end
wrk.method = "POST"
wrk.body = body .. "}"
wrk.headers["Content-Type"] = "application/json"
