-- wrk script of the benchmark (bench/wrk_load.py): POSTs the request bodies of a file, one per line, in
-- turn on each connection's thread; counts as errors non-200 answers and GraphQL answers with "errors".
-- args: <bodies file> <bearer token>
local bodies, next_body, threads = {}, 0, {}
errors = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    bodies[#bodies + 1] = line
  end
  wrk.method = "POST"
  wrk.headers["content-type"] = "application/json"
  wrk.headers["authorization"] = "Bearer " .. args[2]
end

function request()
  next_body = next_body % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[next_body])
end

function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors":', 1, true) then
    errors = errors + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("errors")
  end
  io.write(string.format(
    "RESULT %d %d %.3f %.3f %.3f\n",
    summary.requests, failed + summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout,
    summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
