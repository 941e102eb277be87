-- wrk script: cycle through the URL paths listed in the file named by $WRK_PATHS, and print
-- the figures as one JSON line (latencies in milliseconds; non_2xx counts statuses >= 400).
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do
  if line ~= "" then paths[#paths + 1] = line end
end

local counter = 0

function setup(thread)
  thread:set("offset", counter * 37)
  counter = counter + 1
end

function init(args)
  index = offset or 0
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "rps": %.0f, "p50_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f, ' ..
    '"errors": %d, "non_2xx": %d}\n',
    summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
