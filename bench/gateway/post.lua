-- wrk script: POSTs the JSON in $BODY and prints one machine-readable line at the end
-- (requests, req/s, p50/p99/max latency in ms, non-2xx answers, socket errors).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = os.getenv("BODY")

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local socket = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %d %.1f %.3f %.3f %.3f %d %d\n", summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, summary.errors.status, socket))
end
