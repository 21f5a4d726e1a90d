-- wrk's report as one JSON line: latency percentiles (microseconds), requests, seconds,
-- answers other than 2xx (wrk itself counts only those >= 400) and socket errors.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("non2xx")
  end
  local e = summary.errors
  io.write(string.format(
    '{"p50": %.0f, "p95": %.0f, "p99": %.0f, "max": %.0f, "requests": %d, '
      .. '"seconds": %.3f, "non2xx": %d, "errors": %d}\n',
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    summary.requests, summary.duration / 1e6, total,
    e.connect + e.read + e.write + e.timeout))
end
